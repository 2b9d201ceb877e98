import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './args.ts';

describe('icr arguments', () => {
  it('parses -c with global options in any order', () => {
    expect(parseArgs(['-r', 'docker', '-c', 'ps', '--output', 'json'])).toMatchObject({
      mode: 'command',
      target: 'ps',
      runtime: 'docker',
      output: 'json',
    });
  });

  it('passes arguments after the script file to the script, but takes icr options', () => {
    expect(parseArgs(['run', 'x.icr', 'a', '--runtime', 'crio', 'b'])).toMatchObject({
      mode: 'run',
      target: 'x.icr',
      scriptArgs: ['a', 'b'],
      runtime: 'crio',
    });
  });

  it('rejects bad usage', () => {
    expect(() => parseArgs(['check'])).toThrow(UsageError);
    expect(() => parseArgs(['-o', 'xml', '-c', 'ps'])).toThrow(/--output/);
    expect(parseArgs([])).toMatchObject({ mode: 'repl' });
  });
});
