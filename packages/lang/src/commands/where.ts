import { isTruthy } from '../execution/values.ts';
import type { Expression } from '../language/ast.ts';
import type { CommandModule } from './command.ts';

export const where: CommandModule = {
  signature: {
    name: 'where',
    category: 'filter',
    description: 'keep the records for which the condition holds',
    examples: [
      'ps -a | where status == exited',
      'ps | where labels.app == web and name =~ "^api-"',
      'images | where size > 100MB',
      'ps -a | where createdAt > 1h',
    ],
    flags: [],
    positionals: [{ name: 'condition', type: 'condition', description: 'a condition over the fields of each record' }],
    input: 'any',
    output: 'same',
    destructive: false,
    verb: null,
    usesRuntime: false,
  },
  async *run(context) {
    const condition = context.bound.positionals[0] as Expression;
    if (!context.input) return;
    for await (const row of context.input) {
      const scope = context.scope.child();
      scope.define('it', row);
      if (isTruthy(await context.evaluate(condition, row, scope))) yield row;
    }
  },
};
