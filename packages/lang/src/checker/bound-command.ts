import type { CommandSignature, PipeType } from '../commands/signature.ts';
import type { Command, Expression } from '../language/ast.ts';

/**
 * A command after the checker matched its arguments to its signature. The
 * interpreter runs these, so it never re-parses flags.
 */
export interface BoundCommand {
  node: Command;
  signature: CommandSignature;
  /**
   * Flag values by long name: `true` for a switch that is present, the value
   * expression for a value flag, a list of expressions for a repeatable flag.
   * Flags not given are absent (the interpreter applies the signature default).
   */
  flags: Map<string, true | Expression | Expression[]>;
  /** Positional expressions in order (variadic ones included). */
  positionals: Expression[];
  /** Words after `--`, or null. */
  rest: Expression[] | null;
  /** What the checker inferred flows in and out. */
  inputType: PipeType;
  outputType: PipeType;
}

/** What the checker knows about the runtimes, to reject unsupported verbs before running. */
export interface RuntimeCapabilityInfo {
  plugin: string;
  capabilities: readonly string[];
}
