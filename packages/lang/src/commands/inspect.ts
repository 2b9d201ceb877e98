import { isIcrError, normalizeRuntimeError } from '@icr/core';
import type { CommandModule } from './command.ts';
import { RUNTIME_FLAG } from './signature.ts';
import { resolveTargets } from './support/targets.ts';

export const inspect: CommandModule = {
  signature: {
    name: 'inspect',
    category: 'source',
    description: 'full details of containers, including their security settings',
    examples: ['inspect web', 'ps | inspect | select name security.user security.readonlyRootfs'],
    flags: [RUNTIME_FLAG],
    positionals: [
      { name: 'container', type: 'container', description: 'container names or ids', optional: true, variadic: true },
    ],
    input: 'container',
    output: 'container',
    destructive: false,
    verb: 'inspect',
    usesRuntime: true,
    single: true,
  },
  async *run(context) {
    for (const target of await resolveTargets(context)) {
      if (target.error) throw target.error;
      try {
        const client = await context.session.registry.connect(target.runtime, context.signal);
        yield await client.call(() => client.method('inspect')(target.ref, { signal: context.signal }));
      } catch (error) {
        throw isIcrError(error) ? error : normalizeRuntimeError(error, target.runtime);
      }
    }
  },
};
