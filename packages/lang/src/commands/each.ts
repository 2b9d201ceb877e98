import { invalidArgument } from '@icr/core';
import type { CommandModule } from './command.ts';

export const each: CommandModule = {
  signature: {
    name: 'each',
    category: 'filter',
    description: 'run a block for every record, with the record as $it',
    examples: ['ps | each { exec $it.id -- hostname }', 'ps | each { echo "$it.name on $it.runtime" }'],
    flags: [],
    positionals: [{ name: 'block', type: 'block', description: '{ statements using $it }' }],
    input: 'any',
    output: 'any',
    destructive: false,
    verb: null,
    usesRuntime: false,
  },
  async *run(context) {
    const blockExpression = context.bound.positionals[0];
    if (blockExpression?.kind !== 'BlockExpression') throw invalidArgument('each needs a block: each { ... }');
    if (!context.input) return;
    for await (const row of context.input) {
      const scope = context.scope.child();
      scope.define('it', row);
      yield* context.runBlock(blockExpression.block, scope);
    }
  },
};
