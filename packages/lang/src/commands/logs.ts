import type { LogsOptions } from '@icr/core';
import type { CommandModule } from './command.ts';
import { RUNTIME_FLAG } from './signature.ts';
import { toDurationMs, toInt } from './support/coerce.ts';
import { resolveTargets } from './support/targets.ts';

export const logs: CommandModule = {
  signature: {
    name: 'logs',
    category: 'source',
    description: 'log lines of a container, as log records',
    examples: ['logs web --tail 20', 'logs web --since 5m | where line =~ "error"', 'logs web -f'],
    flags: [
      { name: 'tail', type: 'int', description: 'only the last N lines' },
      { name: 'since', type: 'duration', description: 'only lines from the last duration (5m, 1h)' },
      { name: 'follow', short: 'f', type: 'switch', description: 'keep streaming until the container stops or Ctrl-C' },
      RUNTIME_FLAG,
    ],
    positionals: [{ name: 'container', type: 'container', description: 'container name or id', optional: true }],
    input: 'container',
    output: 'log',
    destructive: false,
    verb: 'logs',
    usesRuntime: true,
  },
  async *run(context) {
    const options: LogsOptions = { signal: context.signal };
    if (context.has('tail')) options.tail = toInt(await context.flag('tail'), '--tail');
    if (context.has('since'))
      options.since = new Date(Date.now() - toDurationMs(await context.flag('since'), '--since'));
    if ((await context.flag('follow')) === true) options.follow = true;
    for (const target of await resolveTargets(context)) {
      if (target.error) throw target.error;
      const client = await context.session.registry.connect(target.runtime, context.signal);
      const entries = client.method('logs')(target.ref, options);
      try {
        for await (const entry of entries) {
          yield { kind: 'log', runtime: target.runtime, container: target.name, ...entry };
        }
      } catch (error) {
        throw client.normalizeError(error);
      }
    }
  },
};
