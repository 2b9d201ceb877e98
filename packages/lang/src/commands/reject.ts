import type { CommandModule } from './command.ts';
import { fieldPaths } from './field-args.ts';

export const reject: CommandModule = {
  signature: {
    name: 'reject',
    category: 'filter',
    description: 'drop the named fields of each record',
    examples: ['ps | reject raw security', 'inspect web | reject raw'],
    flags: [],
    positionals: [{ name: 'field', type: 'field', description: 'field paths to drop', variadic: true }],
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
      if (!row || typeof row !== 'object' || Array.isArray(row) || row instanceof Date) {
        yield row;
        continue;
      }
      const copy = structuredCloneShallow(row as Record<string, unknown>);
      for (const path of paths) removePath(copy, path);
      yield copy;
    }
  },
};

function structuredCloneShallow(record: Record<string, unknown>): Record<string, unknown> {
  return { ...record };
}

function removePath(record: Record<string, unknown>, path: readonly string[]): void {
  const [head, ...tail] = path;
  if (head === undefined) return;
  if (tail.length === 0) {
    delete record[head];
    return;
  }
  const child = record[head];
  if (child && typeof child === 'object' && !Array.isArray(child) && !(child instanceof Date)) {
    const copy = { ...(child as Record<string, unknown>) };
    record[head] = copy;
    removePath(copy, tail);
  }
}
