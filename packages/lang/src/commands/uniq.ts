import { jsonReplacer } from '../execution/values.ts';
import type { CommandModule } from './command.ts';

export const uniq: CommandModule = {
  signature: {
    name: 'uniq',
    category: 'filter',
    description: 'drop repeated values (compared in full)',
    examples: ['ps -a | get image | uniq', 'ps -r all | get runtime | uniq'],
    flags: [],
    positionals: [],
    input: 'any',
    output: 'same',
    destructive: false,
    verb: null,
    usesRuntime: false,
  },
  async *run(context) {
    const seen = new Set<string>();
    if (!context.input) return;
    for await (const row of context.input) {
      const key = typeof row === 'string' ? `s:${row}` : `j:${JSON.stringify(row, jsonReplacer)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      yield row;
    }
  },
};
