import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandHelp, commandsMarkdown, usageLine } from './help-text.ts';
import { builtinSignatures } from './registry.ts';

describe('help from signatures', () => {
  const signatures = builtinSignatures();

  it('writes usage lines with optional, variadic and rest arguments', () => {
    expect(usageLine(signatures.get('exec')!)).toBe('exec [<container>] [flags] -- <command>...');
    expect(usageLine(signatures.get('stop')!)).toBe('stop [<container>...] [flags]');
    expect(commandHelp(signatures.get('stop')!)).toContain('--parallel <int>');
  });

  it('gives every runtime command -r and every bulk command --dry-run', () => {
    for (const signature of signatures.values()) {
      const flags = signature.flags.map((flag) => flag.name);
      if (signature.usesRuntime) expect(flags, signature.name).toContain('runtime');
      if (signature.bulk) expect(flags, signature.name).toEqual(expect.arrayContaining(['parallel', 'dry-run', 'yes']));
      if (signature.destructive) expect(flags, signature.name).toContain('dry-run');
    }
  });

  it('docs/commands.md is up to date (regenerate with `icr gen-docs docs/commands.md`)', () => {
    const file = path.resolve(import.meta.dirname, '../../../../docs/commands.md');
    expect(readFileSync(file, 'utf8')).toBe(`${commandsMarkdown(signatures)}\n`);
  });
});
