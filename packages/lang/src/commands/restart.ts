import { bulkCommand } from './support/bulk-command.ts';
import { toInt } from './support/coerce.ts';

export const restart = bulkCommand({
  verb: 'restart',
  description: 'stop and start containers again',
  examples: ['restart web', 'ps | where labels.app == web | restart -t 2'],
  destructive: true,
  flags: [{ name: 'time', short: 't', type: 'int', description: 'seconds to wait before killing', default: 10 }],
  action: async (context) => {
    const timeoutSeconds = toInt(await context.flag('time'), '--time');
    return (client, target, signal) => client.method('restart')(target.ref, { signal, timeoutSeconds });
  },
});
