import { bulkCommand } from './support/bulk-command.ts';
import { toInt } from './support/coerce.ts';

export const stop = bulkCommand({
  verb: 'stop',
  description: 'stop containers (SIGTERM, then SIGKILL after the timeout)',
  examples: ['stop web', 'ps | where labels.app == web | stop -t 2', 'ps | stop --dry-run'],
  destructive: true,
  flags: [{ name: 'time', short: 't', type: 'int', description: 'seconds to wait before killing', default: 10 }],
  action: async (context) => {
    const timeoutSeconds = toInt(await context.flag('time'), '--time');
    return (client, target, signal) => client.method('stop')(target.ref, { signal, timeoutSeconds });
  },
});
