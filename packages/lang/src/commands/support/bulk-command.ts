import type { Verb } from '@icr/core';
import type { CommandContext, CommandModule } from '../command.ts';
import { BULK_FLAGS, type FlagSpec, RUNTIME_FLAG } from '../signature.ts';
import { type PerformAction, runBulk } from './bulk.ts';

interface BulkCommandSpec {
  verb: Verb & ('start' | 'stop' | 'kill' | 'restart' | 'pause' | 'unpause' | 'rm');
  description: string;
  examples: string[];
  destructive: boolean;
  flags?: FlagSpec[];
  /** Builds the per-item action from the command's own flags. */
  action(context: CommandContext): Promise<PerformAction>;
}

/** A lifecycle verb over many containers: one result record per container, all tried. */
export function bulkCommand(spec: BulkCommandSpec): CommandModule {
  return {
    signature: {
      name: spec.verb,
      category: 'lifecycle',
      description: spec.description,
      examples: spec.examples,
      flags: [...(spec.flags ?? []), RUNTIME_FLAG, ...BULK_FLAGS],
      positionals: [
        {
          name: 'container',
          type: 'container',
          description: 'container names or ids (or records from the pipe)',
          optional: true,
          variadic: true,
        },
      ],
      input: 'container',
      output: 'result',
      destructive: spec.destructive,
      verb: spec.verb,
      usesRuntime: true,
      bulk: true,
    },
    async *run(context) {
      yield* runBulk(context, spec.verb, await spec.action(context));
    },
  };
}
