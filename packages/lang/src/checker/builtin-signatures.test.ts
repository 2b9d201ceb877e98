import { VERBS } from '@icr/core';
import { describe, expect, it } from 'vitest';
import { builtinSignatures } from '../commands/registry.ts';
import { parse } from '../language/parser.ts';
import { check } from './check.ts';

/** The front end against the real command signatures of the back end. */
describe('check with the built-in signatures', () => {
  const signatures = builtinSignatures();
  const env = () => ({
    signatures,
    runtimes: new Map([
      ['docker', { plugin: 'docker', capabilities: [...VERBS] }],
      ['crio', { plugin: 'crio', capabilities: [...VERBS] }],
      ['runc', { plugin: 'runc', capabilities: VERBS.filter((verb) => verb !== 'pause' && verb !== 'unpause') }],
    ]),
    defaultRuntime: 'docker',
    // Examples may use variables a script would have defined earlier.
    variables: new Map([
      ['image', { type: 'value' as const }],
      ['name', { type: 'value' as const }],
      ['status', { type: 'value' as const }],
    ]),
  });

  it('knows the core commands', () => {
    for (const name of ['ps', 'where', 'stop', 'run', 'exec', 'logs', 'images', 'echo', 'sleep', 'each']) {
      expect(signatures.has(name), name).toBe(true);
    }
  });

  const examples = [...signatures.values()].flatMap((signature) =>
    signature.examples.map((example) => [signature.name, example] as const),
  );

  it.each(examples)('%s example parses and checks cleanly: %s', (_name, example) => {
    const parsed = parse(example);
    expect(parsed.diagnostics).toEqual([]);
    const checked = check(parsed.program, env());
    expect(checked.diagnostics).toEqual([]);
  });

  it('reports typical mistakes', () => {
    const source = 'images | stop\nsleep 5\nps | where nmae == x\npause web -r runc\nlogs web --tial 5';
    const checked = check(parse(source).program, env());
    expect(checked.diagnostics.map((d) => d.code)).toEqual([
      'check/input-type',
      'check/bad-argument',
      'check/unknown-field',
      'check/unsupported',
      'check/unknown-flag',
      'check/too-many-arguments',
    ]);
  });
});

/** Every icr and icr-check block of the language reference parses and checks cleanly. */
describe('docs/language.md examples', async () => {
  const { readFile } = await import('node:fs/promises');
  const markdown = await readFile(new URL('../../../../docs/language.md', import.meta.url), 'utf8');
  const blocks = [...markdown.matchAll(/```(icr|icr-check)\n([\s\S]*?)```/g)].map(
    (match) => [match[1]!, match[2]!] as const,
  );

  it('has runnable and check-only examples', () => {
    expect(blocks.filter(([kind]) => kind === 'icr').length).toBeGreaterThan(10);
    expect(blocks.filter(([kind]) => kind === 'icr-check').length).toBeGreaterThan(2);
  });

  it.each(blocks)('%s block parses and checks cleanly:\n%s', (_kind, source) => {
    const parsed = parse(source);
    expect(parsed.diagnostics).toEqual([]);
    const checked = check(parsed.program, {
      signatures: builtinSignatures(),
      runtimes: new Map([
        ['docker', { plugin: 'docker', capabilities: [...VERBS] }],
        ['crio', { plugin: 'crio', capabilities: [...VERBS] }],
      ]),
      defaultRuntime: 'docker',
      variables: new Map(),
    });
    expect(checked.diagnostics.map((d) => `${d.span.start.line}:${d.span.start.column} ${d.message}`)).toEqual([]);
  });
});
