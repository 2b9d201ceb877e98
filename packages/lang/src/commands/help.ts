import { notFound } from '@icr/core';
import { toText } from '../execution/values.ts';
import type { CommandModule } from './command.ts';

export const help: CommandModule = {
  signature: {
    name: 'help',
    category: 'info',
    description: 'list the commands, or show how to use one (also: <command> --help)',
    examples: ['help', 'help where'],
    flags: [],
    positionals: [{ name: 'command', type: 'string', description: 'a command name', optional: true }],
    input: 'nothing',
    output: 'any',
    destructive: false,
    verb: null,
    usesRuntime: false,
  },
  async *run(context) {
    const [name] = await context.positionals();
    const { builtinSignatures } = await import('./registry.ts');
    const { commandHelp, commandList } = await import('./help-text.ts');
    const signatures = builtinSignatures();
    if (name === undefined || name === null) {
      yield commandList(signatures);
      return;
    }
    const signature = signatures.get(toText(name));
    if (!signature) throw notFound(`no command "${toText(name)}"`, { hint: 'run "help" to list the commands' });
    yield commandHelp(signature);
  },
};
