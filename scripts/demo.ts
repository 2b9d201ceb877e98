/**
 * `npm run demo`: brings up the lab (unless one is up), runs every
 * examples/*.icr on every lab runtime with the built `icr` binary, prints a
 * summary, and stops the lab again if it started it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const labDir = process.env.ICR_LAB_DIR ?? '/tmp/icr-lab';
const envFile = path.join(labDir, 'env.json');
const node = process.execPath;
const labCli = path.join(root, 'scripts/lab/cli.ts');
const icr = path.join(root, 'packages/lang/bin/icr.js');

const wasUp = spawnSync(node, [labCli, 'status', '--quiet'], { stdio: 'ignore' }).status === 0;
if (!wasUp) execFileSync(node, [labCli, 'up'], { stdio: 'inherit' });
if (!existsSync(envFile)) throw new Error(`the lab did not write ${envFile}`);
const labEnv = JSON.parse(readFileSync(envFile, 'utf8')) as Record<string, string>;
const config = JSON.parse(readFileSync(labEnv.ICR_CONFIG ?? '', 'utf8')) as { runtimes: Record<string, unknown> };

const examples = readdirSync(path.join(root, 'examples'))
  .filter((file) => file.endsWith('.icr'))
  .sort();
const results: Array<{ example: string; runtime: string; status: number | null; ms: number }> = [];
for (const runtime of Object.keys(config.runtimes)) {
  for (const example of examples) {
    console.log(`\n=== ${example} on ${runtime}`);
    const started = Date.now();
    const run = spawnSync(node, [icr, 'run', path.join(root, 'examples', example), '--runtime', runtime], {
      stdio: 'inherit',
      env: { ...process.env, ...labEnv },
    });
    results.push({ example, runtime, status: run.status, ms: Date.now() - started });
  }
}

if (!wasUp) execFileSync(node, [labCli, 'down'], { stdio: 'inherit' });

console.log('\nexample                       runtime       result   time');
for (const result of results) {
  const verdict = result.status === 0 ? 'ok' : `exit ${result.status}`;
  console.log(
    `${result.example.padEnd(30)}${result.runtime.padEnd(14)}${verdict.padEnd(9)}${(result.ms / 1000).toFixed(1)}s`,
  );
}
const failed = results.filter((result) => result.status !== 0);
if (failed.length > 0) {
  console.error(`\n${failed.length} of ${results.length} example runs failed`);
  process.exit(1);
}
console.log(`\nall ${results.length} example runs passed`);
