import type { CommandModule } from './command.ts';

export const count: CommandModule = {
  signature: {
    name: 'count',
    category: 'filter',
    description: 'how many records came in',
    examples: ['ps | count', 'let n = (ps -a | where status == exited | count)'],
    flags: [],
    positionals: [],
    input: 'any',
    output: 'any',
    destructive: false,
    verb: null,
    usesRuntime: false,
    single: true,
  },
  async *run(context) {
    let total = 0;
    if (context.input) for await (const _ of context.input) total += 1;
    yield total;
  },
};
