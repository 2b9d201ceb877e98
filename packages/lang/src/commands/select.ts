import { getPath } from '../execution/values.ts';
import type { CommandModule } from './command.ts';
import { fieldPaths, pathLabel } from './field-args.ts';

export const select: CommandModule = {
  signature: {
    name: 'select',
    category: 'filter',
    description: 'keep only the named fields of each record',
    examples: ['ps | select name image status', 'ps | select name labels.app'],
    flags: [],
    positionals: [{ name: 'field', type: 'field', description: 'field paths to keep', variadic: true }],
    input: 'any',
    output: 'any',
    destructive: false,
    verb: null,
    usesRuntime: false,
  },
  async *run(context) {
    const paths = await fieldPaths(context, context.bound.positionals);
    if (!context.input) return;
    for await (const row of context.input) {
      const picked: Record<string, unknown> = {};
      for (const path of paths) picked[pathLabel(path)] = getPath(row, path);
      yield picked;
    }
  },
};
