/**
 * examples/*.icr are runtime-neutral: each one runs with the built binary on
 * every lab runtime (as the demo does) and must exit 0.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lab } from '../../../test/support/lab.ts';
import { buildLang, icrBinary, uniqueName } from './support/icr.ts';

const examplesDir = path.resolve(import.meta.dirname, '../../../examples');
const examples = readdirSync(examplesDir)
  .filter((file) => file.endsWith('.icr'))
  .sort();
const runtimes = Object.keys(
  (JSON.parse(readFileSync(lab().configPath, 'utf8')) as { runtimes: Record<string, unknown> }).runtimes,
);

beforeAll(() => buildLang(), 180_000);

const copies = mkdtempSync(path.join(tmpdir(), 'icr-examples-'));

/** The example with its fixed container names made unique, so a demo running at the same time is not disturbed. */
function uniqueCopy(example: string, runtime: string): string {
  const file = path.join(copies, `${runtime}-${example}`);
  const text = readFileSync(path.join(examplesDir, example), 'utf8').replaceAll(
    'icr-example-',
    `${uniqueName('icr-ex')}-`,
  );
  writeFileSync(file, text);
  return file;
}

describe.each(runtimes)('examples on %s', (runtime) => {
  it.each(examples)('%s', (example) => {
    const result = icrBinary(['run', uniqueCopy(example, runtime), '--runtime', runtime]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
