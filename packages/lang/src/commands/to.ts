import { invalidArgument } from '@icr/core';
import { collect } from '../execution/streams.ts';
import { toText } from '../execution/values.ts';
import type { CommandModule } from './command.ts';

export const to: CommandModule = {
  signature: {
    name: 'to',
    category: 'output',
    description: 'turn the stream into text: to json, to yaml or to table',
    examples: ['ps | to json', 'inspect web | to yaml', 'ps -a | select name status | to table'],
    flags: [],
    positionals: [{ name: 'format', type: { oneOf: ['json', 'yaml', 'table'] }, description: 'json, yaml or table' }],
    input: 'any',
    output: 'any',
    destructive: false,
    verb: null,
    usesRuntime: false,
    single: true,
  },
  async *run(context) {
    const [format] = await context.positionals();
    const items = await collect(context.input);
    const { formatJson, formatYaml, formatTable } = await import('../output/render.ts');
    switch (toText(format)) {
      case 'json':
        yield formatJson(items);
        return;
      case 'yaml':
        yield formatYaml(items);
        return;
      case 'table':
        yield formatTable(items, { color: false, width: undefined });
        return;
      default:
        throw invalidArgument(`to: unknown format "${toText(format)}"`, { hint: 'use to json, to yaml or to table' });
    }
  },
};
