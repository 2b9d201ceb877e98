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

  it('explains bad usage with a hint: did-you-mean, a forgotten value, an unknown subcommand', () => {
    const hintOf = (argv: string[]) => {
      try {
        parseArgs(argv);
      } catch (error) {
        if (error instanceof UsageError) return `${error.message} | ${error.hint}`;
      }
      return 'no error';
    };
    expect(hintOf(['--outptu', 'json'])).toBe('unknown option --outptu | did you mean --output?');
    expect(hintOf(['-o', 'yml'])).toBe(
      '--output must be one of table, json, yaml, ids, not "yml" | did you mean yaml?',
    );
    expect(hintOf(['-r', '--output', 'json'])).toBe(
      '-r needs a value, but the next word is the option --output | give a runtime name: -r docker',
    );
    expect(hintOf(['--config='])).toBe('--config needs a value | give a config file: --config=icr.config.json');
    expect(hintOf(['rnu', 'x.icr'])).toBe('unknown subcommand "rnu" | did you mean run?');
    expect(hintOf(['check', 'a.icr', 'b.icr'])).toBe('unexpected argument "b.icr" | icr check takes one file');
    // -c takes its value as it is, even when it starts with a dash.
    expect(parseArgs(['-c', '-1'])).toMatchObject({ mode: 'command', target: '-1' });
  });
});
