import type { CommandModule } from './command.ts';
import { RUNTIME_FLAG } from './signature.ts';
import { onEachRuntime, selectRuntimes } from './support/runtimes.ts';

export const images: CommandModule = {
  signature: {
    name: 'images',
    category: 'source',
    description: 'list images',
    examples: ['images', 'images | where size > 100MB | select repoTags size'],
    flags: [RUNTIME_FLAG],
    positionals: [],
    input: 'nothing',
    output: 'image',
    destructive: false,
    verb: 'images',
    usesRuntime: true,
  },
  async *run(context) {
    const selection = await selectRuntimes(context);
    const lists = await onEachRuntime(context, selection, (client) =>
      client.method('images')({ signal: context.signal }),
    );
    for (const list of lists) yield* list;
  },
};
