import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { lab } from '../../../../test/support/lab.ts';
import { main } from '../../src/cli/main.ts';

export const LANG_DIR = path.resolve(import.meta.dirname, '../..');
export const ICR_BIN = path.join(LANG_DIR, 'bin/icr.js');

export interface IcrResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function labEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { env, configPath } = lab();
  return { ...process.env, ...env, ICR_CONFIG: configPath, NO_COLOR: '1', ...extra };
}

/** Runs the CLI in-process (sources, not dist), as `icr argv...` would. */
export async function icr(argv: string[], extraEnv: Record<string, string> = {}): Promise<IcrResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    io: { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) } },
    env: labEnv(extraEnv),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Runs the built binary (needs `tsc -b packages/lang`). */
export function icrBinary(argv: string[], extraEnv: Record<string, string> = {}, input = ''): IcrResult {
  const result = spawnSync(process.execPath, [ICR_BIN, ...argv], {
    env: labEnv(extraEnv),
    encoding: 'utf8',
    timeout: 120_000,
    input,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function buildLang(): void {
  const tsc = path.resolve(LANG_DIR, '../../node_modules/.bin/tsc');
  const result = spawnSync(tsc, ['-b', LANG_DIR], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tsc -b packages/lang failed:\n${result.stdout}${result.stderr}`);
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** The JSON document in icr's stdout (after any lines other statements printed). */
export function jsonFrom(stdout: string): unknown {
  const start = stdout.search(/^[[{]/m);
  if (start < 0) throw new Error(`no JSON in output:\n${stdout}`);
  return JSON.parse(stdout.slice(start));
}
