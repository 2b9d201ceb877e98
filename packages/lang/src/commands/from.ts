import { invalidArgument } from '@icr/core';
import { toText } from '../execution/values.ts';
import type { CommandModule } from './command.ts';

export const from: CommandModule = {
  signature: {
    name: 'from',
    category: 'script',
    description: 'parse text from the pipe: from json',
    examples: ['echo \'[{"a": 1}]\' | from json | get a'],
    flags: [],
    positionals: [{ name: 'format', type: { oneOf: ['json'] }, description: 'json' }],
    input: 'any',
    output: 'any',
    destructive: false,
    verb: null,
    usesRuntime: false,
  },
  async *run(context) {
    if (!context.input) return;
    for await (const text of context.input) {
      let value: unknown;
      try {
        value = JSON.parse(toText(text));
      } catch (error) {
        throw invalidArgument(`from json: ${(error as Error).message}`);
      }
      if (Array.isArray(value)) yield* value;
      else yield value;
    }
  },
};
