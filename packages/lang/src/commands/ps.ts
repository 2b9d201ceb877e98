import type { ContainerRecord } from '@icr/core';
import type { CommandModule } from './command.ts';
import { RUNTIME_FLAG } from './signature.ts';
import { onEachRuntime, selectRuntimes } from './support/runtimes.ts';

export const ps: CommandModule = {
  signature: {
    name: 'ps',
    category: 'source',
    description: 'list containers (running ones unless -a)',
    examples: ['ps', 'ps -a | where status == exited', 'ps -r all | select name runtime status'],
    flags: [
      { name: 'all', short: 'a', type: 'switch', description: 'include containers that are not running' },
      RUNTIME_FLAG,
    ],
    positionals: [],
    input: 'nothing',
    output: 'container',
    destructive: false,
    verb: 'ps',
    usesRuntime: true,
  },
  async *run(context) {
    const all = (await context.flag('all')) === true;
    const selection = await selectRuntimes(context);
    const filters = context.pushdown ?? undefined;
    const lists = await onEachRuntime(context, selection, (client) =>
      client.method('ps')({ all, signal: context.signal, ...(filters ? { filters } : {}) }),
    );
    for (const list of lists) yield* sortByCreated(list);
  },
};

/** Newest first, like docker ps. */
function sortByCreated(list: ContainerRecord[]): ContainerRecord[] {
  return [...list].sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
}
