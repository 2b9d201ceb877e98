import type { CommandModule } from './command.ts';

export const echo: CommandModule = {
  signature: {
    name: 'echo',
    category: 'script',
    description: 'yield its arguments (lists are spread into the stream)',
    examples: ['echo hello', 'echo "home is $env.HOME"', 'echo [a b c] | count'],
    flags: [],
    positionals: [{ name: 'value', type: 'any', description: 'values to yield', optional: true, variadic: true }],
    input: 'nothing',
    output: 'any',
    destructive: false,
    verb: null,
    usesRuntime: false,
  },
  async *run(context) {
    for (const value of await context.positionals()) {
      if (Array.isArray(value)) yield* value;
      else yield value;
    }
  },
};
