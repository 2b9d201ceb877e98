import { collect } from '../execution/streams.ts';
import type { CommandModule } from './command.ts';
import { toInt } from './support/coerce.ts';

export const last: CommandModule = {
  signature: {
    name: 'last',
    category: 'filter',
    description: 'the last record (or the last N)',
    examples: ['ps -a | sort-by createdAt | last', 'logs web | last 5'],
    flags: [],
    positionals: [{ name: 'n', type: 'int', description: 'how many', optional: true }],
    input: 'any',
    output: 'same',
    destructive: false,
    verb: null,
    usesRuntime: false,
  },
  async *run(context) {
    const [given] = await context.positionals();
    const count = given === undefined ? 1 : toInt(given, 'last N');
    const rows = await collect(context.input);
    if (count > 0) yield* rows.slice(-count);
  },
};
