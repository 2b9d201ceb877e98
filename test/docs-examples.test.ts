/**
 * The documentation's examples are tests: every ```icr block of
 * docs/language.md runs against the lab's docker runtime and must succeed,
 * and every ```icr-check block (docs/language.md and the generated
 * docs/commands.md, and the README's examples) must parse and check clean against the lab's runtimes.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RuntimeRegistry } from '@icr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../packages/lang/src/execution/engine.ts';
import type { Session } from '../packages/lang/src/execution/session.ts';
import { icr, LANG_DIR } from '../packages/lang/test/support/icr.ts';
import { lab } from './support/lab.ts';

const root = path.resolve(import.meta.dirname, '..');
const languageDoc = path.join(root, 'docs/language.md');
const commandsDoc = path.join(root, 'docs/commands.md');

interface Block {
  file: string;
  line: number;
  kind: 'icr' | 'icr-check';
  source: string;
}

function blocks(file: string): Block[] {
  const found: Block[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const open = /^```(icr|icr-check)\s*$/.exec(lines[index] ?? '');
    if (!open) continue;
    const start = index + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end] ?? '')) end += 1;
    found.push({
      file: path.relative(root, file),
      line: start + 1,
      kind: open[1] as Block['kind'],
      source: lines.slice(start, end).join('\n'),
    });
    index = end;
  }
  return found;
}

const languageBlocks = existsSync(languageDoc) ? blocks(languageDoc) : [];
const commandBlocks = existsSync(commandsDoc) ? blocks(commandsDoc) : [];
// The README's examples include destructive one-liners (`... | stop`), so they are checked, not run.
const readmeBlocks = blocks(path.join(root, 'README.md')).map((block) => ({ ...block, kind: 'icr-check' as const }));
const checkBlocks = [...languageBlocks, ...commandBlocks, ...readmeBlocks].filter(
  (block) => block.kind === 'icr-check',
);
const runBlocks = languageBlocks.filter((block) => block.kind === 'icr');

describe('documentation examples', () => {
  it('docs/language.md and docs/commands.md exist and have examples', () => {
    expect(existsSync(languageDoc), 'docs/language.md (written by the language front end)').toBe(true);
    expect(runBlocks.length).toBeGreaterThan(0);
    expect(commandBlocks.length).toBeGreaterThan(0);
  });

  describe('icr-check blocks parse and check', () => {
    let registry: RuntimeRegistry;
    let engine: Engine;
    beforeAll(async () => {
      registry = await RuntimeRegistry.open({
        configPath: lab().configPath,
        env: { ...process.env, ...lab().env },
        builtinResolveFrom: [LANG_DIR],
      });
      const session: Session = {
        registry,
        defaultRuntime: 'docker',
        io: { stdout: { write: () => true }, stderr: { write: () => true } },
        color: false,
        output: 'table',
        args: [],
        env: {},
      };
      engine = new Engine(session);
    });
    afterAll(() => registry.close());

    it.each(checkBlocks.map((block) => [`${block.file}:${block.line}`, block] as const))(
      '%s',
      async (_where, block) => {
        const compiled = await engine.compile(block.source, block.file);
        const problems = compiled.ok
          ? []
          : await engine.formatDiagnostics(compiled.diagnostics, block.source, block.file);
        expect(problems).toEqual([]);
      },
    );
  });

  // (with no blocks, the first test above fails instead)
  describe.runIf(runBlocks.length > 0)('icr blocks run against docker', () => {
    it.each(runBlocks.map((block) => [`${block.file}:${block.line}`, block] as const))('%s', async (_where, block) => {
      const result = await icr(['-r', 'docker', '-c', block.source]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    });
  });
});
