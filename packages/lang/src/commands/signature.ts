import type { Verb } from '@icr/core';
import type { RecordTypeName } from '../types/record-schemas.ts';

/**
 * A command's declared signature: flags, positionals, what it takes from and
 * gives to the pipe. Help text, REPL completion and the static checker are all
 * derived from these, so a command is described in exactly one place.
 *
 * Ownership: the commands/interpreter side owns this file and may add fields.
 */

export type ArgType =
  /** A flag that takes no value (`-a`, `--rm`). */
  | 'switch'
  | 'string'
  | 'int'
  | 'number'
  | 'bool'
  | 'duration'
  | 'size'
  /** SIGTERM, TERM, 15 */
  | 'signal'
  /** docker, crio or `all`, comma-separated allowed */
  | 'runtimes'
  /** A field path of the record type flowing in (checked against its schema). */
  | 'field'
  /** A row condition (`where status == running`). */
  | 'condition'
  /** `{ ... }` */
  | 'block'
  /** An image reference. */
  | 'image'
  /** A container name, id or id prefix (completed from the runtime). */
  | 'container'
  /** KEY=VALUE */
  | 'key-value'
  | 'any'
  | { oneOf: readonly string[] };

export interface FlagSpec {
  /** Long name without dashes. */
  name: string;
  /** One letter, without the dash. */
  short?: string;
  type: ArgType;
  description: string;
  default?: unknown;
  /** May be given several times (`-e A=1 -e B=2`); the value is then a list. */
  repeatable?: boolean;
}

export interface PositionalSpec {
  name: string;
  type: ArgType;
  description: string;
  optional?: boolean;
  /** Takes all remaining positionals. */
  variadic?: boolean;
}

/**
 * What flows through a pipe.
 * - 'nothing': the command ignores/forbids input, or produces none.
 * - 'any': any values.
 * - a record type name: a stream of those records.
 * - 'same' (output only): whatever came in (filters).
 */
export type PipeType = 'nothing' | 'any' | RecordTypeName;
export type PipeOutputType = PipeType | 'same';

export type CommandCategory = 'source' | 'filter' | 'lifecycle' | 'output' | 'script' | 'info';

export interface CommandSignature {
  name: string;
  category: CommandCategory;
  /** One line for help and completion. */
  description: string;
  /** Example invocations, each a full line of icr. */
  examples: readonly string[];
  flags: readonly FlagSpec[];
  positionals: readonly PositionalSpec[];
  /** Accepts `-- words...` (e.g. run's command, exec's command). */
  rest?: { name: string; description: string; required?: boolean };
  input: PipeType;
  output: PipeOutputType;
  /** Changes or removes things: gets --dry-run and confirmation in the REPL. */
  destructive: boolean;
  /** The runtime capability this command needs; the checker rejects runtimes that lack it. */
  verb: Verb | null;
  /** Accepts `-r/--runtime`. */
  usesRuntime: boolean;
  /**
   * The command usually yields one value (`count`, `run -d`, `exec`), so
   * `let n = ps | count` binds the value itself rather than a one-item list
   * (several values, e.g. from `-r all`, stay a list).
   */
  single?: boolean;
  /** Acts on each item with --parallel/--dry-run/-y and yields one result record per item. */
  bulk?: boolean;
}

export type SignatureLookup = ReadonlyMap<string, CommandSignature>;

/** Flags every runtime command gets. */
export const RUNTIME_FLAG: FlagSpec = {
  name: 'runtime',
  short: 'r',
  type: 'runtimes',
  description: 'runtime(s) to use: a name, a comma-separated list, or all',
};

/**
 * How many containers a bulk action works on at once. Most of a stop is
 * waiting out the grace period, so the wall time of `stop` falls with this
 * number (24 containers ignoring SIGTERM, `-t 2`, docker: 12.8 s at 4, 2.9 s
 * at 32, `docker stop` 2.6 s — it runs 50 at once); for `rm -f` the daemon's
 * CPU is the limit and 32 was no slower than less. 32 is also the docker
 * plugin's connection pool size.
 */
export const DEFAULT_PARALLEL = 32;

/** Flags every bulk lifecycle command gets. */
export const BULK_FLAGS: readonly FlagSpec[] = [
  { name: 'parallel', type: 'int', default: DEFAULT_PARALLEL, description: 'how many items to act on at once' },
  { name: 'dry-run', type: 'switch', description: 'print what would be done and change nothing' },
  { name: 'yes', short: 'y', type: 'switch', description: 'do not ask for confirmation in the REPL' },
];
