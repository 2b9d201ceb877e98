import type { CommandModule } from './command.ts';
import { RUNTIME_FLAG } from './signature.ts';
import { onEachRuntime, selectRuntimes } from './support/runtimes.ts';

export const pods: CommandModule = {
  signature: {
    name: 'pods',
    category: 'source',
    description: 'list pod sandboxes (runtimes with pods only)',
    examples: ['pods -r crio', 'pods -r crio | where status == ready'],
    flags: [RUNTIME_FLAG],
    positionals: [],
    input: 'nothing',
    output: 'pod',
    destructive: false,
    verb: 'pods',
    usesRuntime: true,
  },
  async *run(context) {
    const selection = await selectRuntimes(context);
    const lists = await onEachRuntime(context, selection, (client) =>
      client.method('pods')({ signal: context.signal }),
    );
    for (const list of lists) yield* list;
  },
};
