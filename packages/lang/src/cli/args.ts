import type { OutputFormat } from '../execution/session.ts';

/** What `icr ...` was asked to do. */
export interface CliArgs {
  mode: 'repl' | 'command' | 'run' | 'check' | 'help' | 'version' | 'gen-docs';
  /** `-c` source, or the file for run/check, or the output path for gen-docs. */
  target: string | null;
  scriptArgs: string[];
  runtime: string | null;
  output: OutputFormat | null;
  config: string | null;
  color: boolean | null;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const OUTPUTS: readonly OutputFormat[] = ['table', 'json', 'yaml', 'ids'];

/**
 * Global options may come before or after the sub-command (`icr run x.icr
 * --runtime docker`); after the script file, only icr's own options are
 * taken and everything else goes to the script as $args.
 */
export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = {
    mode: 'repl',
    target: null,
    scriptArgs: [],
    runtime: null,
    output: null,
    config: null,
    color: null,
  };
  let index = 0;
  const value = (flag: string): string => {
    const next = argv[index + 1];
    if (next === undefined) throw new UsageError(`${flag} needs a value`);
    index += 1;
    return next;
  };
  const takeOption = (word: string): boolean => {
    const [flag, inline] =
      word.startsWith('--') && word.includes('=')
        ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]
        : [word, undefined];
    const get = () => inline ?? value(flag as string);
    switch (flag) {
      case '-r':
      case '--runtime':
        args.runtime = get();
        return true;
      case '-o':
      case '--output': {
        const format = get();
        if (!OUTPUTS.includes(format as OutputFormat))
          throw new UsageError(`--output must be one of ${OUTPUTS.join(', ')}`);
        args.output = format as OutputFormat;
        return true;
      }
      case '--config':
        args.config = get();
        return true;
      case '--no-color':
        args.color = false;
        return true;
      case '--color':
        args.color = true;
        return true;
      default:
        return false;
    }
  };
  for (; index < argv.length; index += 1) {
    const word = argv[index] as string;
    if (args.mode === 'run' && args.target !== null) {
      if (!takeOption(word)) args.scriptArgs.push(word);
      continue;
    }
    if (takeOption(word)) continue;
    if (word === '-h' || word === '--help') return { ...args, mode: 'help' };
    if (word === '-V' || word === '--version') return { ...args, mode: 'version' };
    if (word === '-c' || word === '--command') {
      args.mode = 'command';
      args.target = value(word);
      continue;
    }
    if (args.mode === 'repl' && (word === 'run' || word === 'check' || word === 'gen-docs')) {
      args.mode = word;
      continue;
    }
    if (
      (args.mode === 'run' || args.mode === 'check' || args.mode === 'gen-docs') &&
      args.target === null &&
      !word.startsWith('-')
    ) {
      args.target = word;
      continue;
    }
    throw new UsageError(`unexpected argument "${word}"`);
  }
  if ((args.mode === 'run' || args.mode === 'check') && args.target === null)
    throw new UsageError(`icr ${args.mode} needs a script file`);
  return args;
}

export const USAGE = `icr — one pipeline language over many container runtimes

Usage:
  icr                         start the interactive shell (REPL)
  icr -c '<pipeline>'         run one line, e.g. icr -c 'ps -a | where status == exited | rm'
  icr run FILE [args...]      run a script; its arguments are $args (a list of strings)
  icr check FILE              parse and check a script without running anything
  icr < FILE                  with stdin not a terminal, stdin is the script

Options:
  -r, --runtime NAME          default runtime (docker, containerd, crio, runc, ...)
  -o, --output FORMAT         table (default), json, yaml or ids
      --config FILE           config file (default: ICR_CONFIG or icr.config.* / .icrrc found from here)
      --no-color              no colour (NO_COLOR is honoured too)
  -h, --help                  this help; "icr -c 'help'" lists the commands
  -V, --version               icr's version

Exit status:
  0  everything worked
  1  a command failed at run time, or an assert failed
  2  usage, parse or check error (nothing was run)
  3  a runtime could not be reached (the message names its socket)

Environment: ICR_CONFIG (config file), ICR_RUNTIME (default runtime), ICR_HISTORY (REPL history file, default ~/.icr_history), NO_COLOR.
`;
