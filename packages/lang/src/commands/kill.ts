import { toText } from '../execution/values.ts';
import { bulkCommand } from './support/bulk-command.ts';

export const kill = bulkCommand({
  verb: 'kill',
  description: 'send a signal to containers (SIGKILL by default)',
  examples: ['kill web', 'kill web -s TERM', 'ps | where name starts-with tmp- | kill'],
  destructive: true,
  flags: [{ name: 'signal', short: 's', type: 'signal', description: 'signal name or number', default: 'SIGKILL' }],
  action: async (context) => {
    const killSignal = toText(await context.flag('signal'));
    return (client, target, signal) => client.method('kill')(target.ref, { signal, killSignal });
  },
});
