import { isIcrError, normalizeRuntimeError } from '@icr/core';
import { BulkFailure, type ItemFailure } from '../execution/control.ts';
import { toText } from '../execution/values.ts';
import type { CommandModule } from './command.ts';
import { BULK_FLAGS, RUNTIME_FLAG } from './signature.ts';
import { selectRuntimes } from './support/runtimes.ts';

export const rmi: CommandModule = {
  signature: {
    name: 'rmi',
    category: 'lifecycle',
    description: 'remove images',
    examples: ['rmi busybox:old', 'images | where repoTags == [] | rmi --dry-run'],
    flags: [
      { name: 'force', short: 'f', type: 'switch', description: 'remove even if containers use it' },
      RUNTIME_FLAG,
      ...BULK_FLAGS,
    ],
    positionals: [
      { name: 'image', type: 'image', description: 'image references or ids', optional: true, variadic: true },
    ],
    input: 'image',
    output: 'result',
    destructive: true,
    verb: 'rmi',
    usesRuntime: true,
    bulk: true,
  },
  async *run(context) {
    const force = (await context.flag('force')) === true;
    const dryRun = (await context.flag('dry-run')) === true;
    const items: Array<{ runtime: string; ref: string; name: string }> = [];
    const { names } = await selectRuntimes(context);
    for (const value of (await context.positionals()).flat()) {
      for (const runtime of names) items.push({ runtime, ref: toText(value), name: toText(value) });
    }
    if (context.input) {
      for await (const record of context.input) {
        const image = record as { runtime?: string; id?: string; repoTags?: string[] };
        if (typeof image.runtime === 'string' && typeof image.id === 'string') {
          items.push({ runtime: image.runtime, ref: image.id, name: image.repoTags?.[0] ?? image.id });
        }
      }
    }
    const failures: ItemFailure[] = [];
    for (const item of items) {
      let error: string | null = null;
      if (!dryRun) {
        try {
          const client = await context.session.registry.connect(item.runtime, context.signal);
          await client.call(() => client.method('rmi')(item.ref, { signal: context.signal, force }));
        } catch (caught) {
          error = (isIcrError(caught) ? caught : normalizeRuntimeError(caught, item.runtime)).message;
          failures.push({ name: item.name, error });
        }
      }
      yield {
        kind: 'result',
        id: item.ref,
        name: item.name,
        runtime: item.runtime,
        action: dryRun ? 'rmi (dry run)' : 'rmi',
        ok: error === null,
        error,
      };
    }
    if (failures.length > 0) throw new BulkFailure('rmi', failures.length, items.length, failures);
  },
};
