import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runtimeTable } from './runtime-table.ts';

it('docs/runtimes.md shows the capabilities the plugins declare', () => {
  const docs = readFileSync(path.resolve(import.meta.dirname, '../../docs/runtimes.md'), 'utf8');
  // Regenerate with: node --conditions=source scripts/docs/runtime-table.ts
  expect(docs).toContain(runtimeTable());
});
