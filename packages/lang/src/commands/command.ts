import type { ContainerFilters } from '@icr/core';
import type { BoundCommand } from '../checker/bound-command.ts';
import type { Scope } from '../execution/scope.ts';
import type { Session } from '../execution/session.ts';
import type { Block, Expression } from '../language/ast.ts';
import type { CommandSignature } from './signature.ts';

/**
 * What a command sees when it runs: its bound arguments (evaluated on
 * demand), the stream flowing in, the session and the cancellation signal.
 */
export interface CommandContext {
  bound: BoundCommand;
  /** The stream flowing in, or null when the command starts the pipeline. */
  input: AsyncIterable<unknown> | null;
  session: Session;
  /** Filters from a following `where` the runtime may apply itself (`ps` only); `where` re-checks anyway. */
  pushdown: ContainerFilters | null;
  scope: Scope;
  signal: AbortSignal;
  /** A flag's value (signature default when absent; `false` for an absent switch). */
  flag(name: string): Promise<unknown>;
  /** Every value of a repeatable flag. */
  flagList(name: string): Promise<unknown[]>;
  /** Whether the flag was given at all. */
  has(name: string): boolean;
  /** All positionals, evaluated. */
  positionals(): Promise<unknown[]>;
  /** Words after `--`, as text. */
  rest(): Promise<string[] | null>;
  /** Evaluates an expression with `row` as the record bare field paths read from. */
  evaluate(expression: Expression, row?: unknown, scope?: Scope): Promise<unknown>;
  /** Runs a block's statements in `scope`, yielding what its pipelines produce. */
  runBlock(block: Block, scope: Scope): AsyncIterable<unknown>;
  /** A warning on stderr that does not stop the pipeline. */
  warn(message: string): void;
}

export type CommandRun = (context: CommandContext) => AsyncIterable<unknown>;

export interface CommandModule {
  signature: CommandSignature;
  run: CommandRun;
}
