/**
 * The same .icr script passes unchanged on every runtime: pull, run, wait,
 * exec, logs, stop, rm, and the container is gone afterwards.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { lab } from './support/lab.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const icr = path.join(root, 'packages/lang/bin/icr.js');
const runtimes = Object.keys(
  (JSON.parse(readFileSync(lab().configPath, 'utf8')) as { runtimes: Record<string, unknown> }).runtimes,
);

describe('test/smoke.icr', () => {
  it('covers all five lab runtimes', () => {
    expect(runtimes.sort()).toEqual(['containerd', 'crio', 'docker', 'runc', 'runsc']);
  });

  for (const runtime of runtimes) {
    it(`passes on ${runtime}`, async () => {
      const suffix = `${runtime}-${Math.random().toString(36).slice(2, 8)}`;
      const result = await run(
        process.execPath,
        [icr, 'run', path.join(root, 'test/smoke.icr'), '--runtime', runtime],
        {
          env: { ...process.env, ...lab().env, SMOKE_SUFFIX: suffix },
        },
      ).catch((error: { code: number; stdout: string; stderr: string }) => error);
      expect('code' in result ? `exit ${result.code}\n${result.stderr}` : 'ok').toBe('ok');
      const listed = await run(
        process.execPath,
        [icr, '-r', runtime, '-c', `ps -a | where name == smoke-${suffix} | count`],
        {
          env: { ...process.env, ...lab().env },
        },
      );
      expect(listed.stdout.trim()).toBe('0');
    });
  }
});
