import type { RuntimeClient, RuntimeRegistry } from '@icr/core';

/** Where output and messages go; a TTY decides colour, prompts and progress. */
export interface OutputStreams {
  stdout: { write(text: string): unknown; isTTY?: boolean | undefined; columns?: number | undefined };
  stderr: { write(text: string): unknown; isTTY?: boolean | undefined };
}

export type OutputFormat = 'table' | 'json' | 'yaml' | 'ids';

/**
 * What lives as long as an icr process or REPL session: the runtimes, the
 * chosen default, where output goes and whether a human can be asked.
 */
export interface Session {
  registry: RuntimeRegistry;
  /** The runtime commands use when they name none (`use`, `--runtime`, config default). */
  defaultRuntime: string;
  io: OutputStreams;
  /** Colour in tables and messages (TTY and no NO_COLOR). */
  color: boolean;
  /** How final values are rendered. */
  output: OutputFormat;
  /** Ask the user (REPL on a TTY only); absent means never prompt. */
  confirm?: ((question: string, signal: AbortSignal) => Promise<boolean>) | undefined;
  /** Script arguments (`icr run FILE a b` → $args == [a, b]). */
  args: string[];
  env: NodeJS.ProcessEnv;
}

export function connectRuntime(session: Session, name: string, signal?: AbortSignal): Promise<RuntimeClient> {
  return session.registry.connect(name, signal);
}
