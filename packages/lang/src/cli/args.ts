import { didYouMean } from '../checker/suggest.ts';
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

/** Bad command-line usage: printed as `icr: message` plus a `hint:` line, exit 2. */
export class UsageError extends Error {
  readonly hint: string;
  constructor(message: string, hint = 'icr --help shows the usage') {
    super(message);
    this.name = 'UsageError';
    this.hint = hint;
  }
}

const OPTIONS = [
  '--runtime',
  '--output',
  '--config',
  '--command',
  '--no-color',
  '--color',
  '--help',
  '--version',
] as const;
const SUBCOMMANDS = ['run', 'check', 'gen-docs'] as const;

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
  const value = (flag: string, what: string): string => {
    const next = argv[index + 1];
    if (next === undefined) throw new UsageError(`${flag} needs a value`, `give ${what}: ${flag} ${exampleFor(flag)}`);
    // `-r -o json`: the next word is an option, so the value was forgotten.
    if (flag !== '-c' && flag !== '--command' && next.startsWith('-') && next.length > 1) {
      throw new UsageError(
        `${flag} needs a value, but the next word is the option ${next}`,
        `give ${what}: ${flag} ${exampleFor(flag)}`,
      );
    }
    index += 1;
    return next;
  };
  const takeOption = (word: string): boolean => {
    const [flag, inline] =
      word.startsWith('--') && word.includes('=')
        ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]
        : [word, undefined];
    const get = (what: string) => {
      if (inline === '')
        throw new UsageError(`${flag} needs a value`, `give ${what}: ${flag}=${exampleFor(flag as string)}`);
      return inline ?? value(flag as string, what);
    };
    switch (flag) {
      case '-r':
      case '--runtime':
        args.runtime = get('a runtime name');
        return true;
      case '-o':
      case '--output': {
        const format = get('a format');
        if (!OUTPUTS.includes(format as OutputFormat)) {
          throw new UsageError(
            `--output must be one of ${OUTPUTS.join(', ')}, not "${format}"`,
            didYouMean(format, OUTPUTS) ?? `e.g. --output json`,
          );
        }
        args.output = format as OutputFormat;
        return true;
      }
      case '--config':
        args.config = get('a config file');
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
      args.target = value(word, 'the pipeline to run');
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
    throw unexpected(word, args);
  }
  if ((args.mode === 'run' || args.mode === 'check') && args.target === null)
    throw new UsageError(`icr ${args.mode} needs a script file`, `e.g. icr ${args.mode} deploy.icr`);
  return args;
}

/** An argument icr does not take, with a did-you-mean where one fits. */
function unexpected(word: string, args: CliArgs): UsageError {
  if (word.startsWith('-')) {
    const flag = word.includes('=') ? word.slice(0, word.indexOf('=')) : word;
    return new UsageError(
      `unknown option ${flag}`,
      didYouMean(flag, OPTIONS) ?? "icr --help lists the options (a script's own options go after its file)",
    );
  }
  if (args.mode === 'repl') {
    return new UsageError(
      `unknown subcommand "${word}"`,
      didYouMean(word, SUBCOMMANDS) ??
        `subcommands are run, check and gen-docs; to run a pipeline: icr -c '${word} ...'`,
    );
  }
  return new UsageError(`unexpected argument "${word}"`, `icr ${args.mode} takes one file`);
}

function exampleFor(flag: string): string {
  if (flag === '-r' || flag === '--runtime') return 'docker';
  if (flag === '-o' || flag === '--output') return 'json';
  if (flag === '--config') return 'icr.config.json';
  return "'ps -a'";
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
  1  a command failed at run time (a bulk action: after trying every item), or an assert failed
  2  usage, config, parse or check error (nothing was run)
  3  a runtime could not be reached (the message names its socket or binary)
  N  the script ran exit N

Environment: ICR_CONFIG (config file), ICR_RUNTIME (default runtime), ICR_HISTORY (REPL history file, default ~/.icr_history), NO_COLOR.
`;
