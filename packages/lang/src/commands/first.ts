import type { CommandModule } from './command.ts';
import { toInt } from './support/coerce.ts';

export const first: CommandModule = {
  signature: {
    name: 'first',
    category: 'filter',
    description: 'the first record (or the first N)',
    examples: ['ps | first', 'ps -a | sort-by createdAt | first 3'],
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
    const count = given === undefined ? 1 : toInt(given, 'first N');
    if (!context.input || count <= 0) return;
    let taken = 0;
    // Leaving the loop early closes the upstream iterator, so a source stops listing.
    for await (const row of context.input) {
      yield row;
      taken += 1;
      if (taken >= count) return;
    }
  },
};
