import type { CommandModule } from './command.ts';
import { RUNTIME_FLAG } from './signature.ts';
import { onEachRuntime, selectRuntimes } from './support/runtimes.ts';

export const version: CommandModule = {
  signature: {
    name: 'version',
    category: 'info',
    description: 'version of the runtime(s)',
    examples: ['version', 'version -r all'],
    flags: [RUNTIME_FLAG],
    positionals: [],
    input: 'nothing',
    output: 'version',
    destructive: false,
    verb: 'version',
    usesRuntime: true,
  },
  async *run(context) {
    const selection = await selectRuntimes(context);
    yield* await onEachRuntime(context, selection, (client) => client.method('version')({ signal: context.signal }));
  },
};
