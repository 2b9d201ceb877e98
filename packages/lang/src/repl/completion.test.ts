import { describe, expect, it } from 'vitest';
import { builtinSignatures } from '../commands/registry.ts';
import { complete, inputTypeAt } from './completion.ts';

const sources = {
  signatures: builtinSignatures(),
  runtimes: () => ['docker', 'crio'],
  containers: async () => ['web', 'db'],
  variables: () => ['name'],
};

describe('completion', () => {
  it('completes commands, flags, runtimes and containers', async () => {
    expect((await complete('ps | wh', sources))[0]).toEqual(['where']);
    expect((await complete('st', sources))[0]).toEqual(['start', 'stop']);
    expect((await complete('ps --a', sources))[0]).toEqual(['--all']);
    expect((await complete('ps -r ', sources))[0]).toEqual(['all', 'crio', 'docker']);
    expect((await complete('use d', sources))[0]).toEqual(['docker']);
    expect((await complete('stop w', sources))[0]).toEqual(['web']);
    expect((await complete('echo $n', sources))[0]).toEqual(['$name']);
  });

  it('completes fields of the record type flowing in', async () => {
    expect(inputTypeAt('ps -a | where status == running | ', sources.signatures)).toBe('container');
    expect((await complete('ps | where sta', sources))[0]).toEqual(['startedAt', 'status']);
    expect((await complete('images | sort-by si', sources))[0]).toEqual(['size']);
    expect((await complete('inspect web | select security.re', sources))[0]).toEqual(['security.readonlyRootfs']);
  });
});
