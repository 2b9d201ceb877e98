import { collect } from '../execution/streams.ts';
import { getPath, sortCompare } from '../execution/values.ts';
import type { CommandModule } from './command.ts';
import { fieldPaths } from './field-args.ts';

export const sortBy: CommandModule = {
  signature: {
    name: 'sort-by',
    category: 'filter',
    description: 'sort records by one or more fields (nulls last)',
    examples: ['ps -a | sort-by createdAt', 'images | sort-by size -r'],
    flags: [{ name: 'reverse', short: 'r', type: 'switch', description: 'largest first' }],
    positionals: [{ name: 'field', type: 'field', description: 'field paths to sort by', variadic: true }],
    input: 'any',
    output: 'same',
    destructive: false,
    verb: null,
    usesRuntime: false,
  },
  async *run(context) {
    const paths = await fieldPaths(context, context.bound.positionals);
    const reverse = (await context.flag('reverse')) === true;
    const rows = await collect(context.input);
    const compare = (a: unknown, b: unknown): number => {
      for (const path of paths) {
        const left = getPath(a, path);
        const right = getPath(b, path);
        const order = sortCompare(left, right);
        if (order !== 0) {
          const bothPresent = left !== null && right !== null;
          return reverse && bothPresent ? -order : order;
        }
      }
      return 0;
    };
    yield* paths.length > 0 ? rows.sort(compare) : rows.sort((a, b) => (reverse ? -1 : 1) * sortCompare(a, b));
  },
};
