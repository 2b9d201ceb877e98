import { getPath } from '../execution/values.ts';
import type { CommandModule } from './command.ts';
import { fieldPaths } from './field-args.ts';

export const get: CommandModule = {
  signature: {
    name: 'get',
    category: 'filter',
    description: 'the value of one field of each record',
    examples: [
      'ps | get name',
      'inspect web | get security.capabilities',
      'ps | first | get labels."com.example.team"',
    ],
    flags: [],
    positionals: [{ name: 'path', type: 'field', description: 'field path' }],
    input: 'any',
    output: 'any',
    destructive: false,
    verb: null,
    usesRuntime: false,
  },
  async *run(context) {
    const [path] = await fieldPaths(context, context.bound.positionals);
    if (!context.input || !path) return;
    for await (const row of context.input) yield getPath(row, path);
  },
};
