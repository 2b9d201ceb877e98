import { bulkCommand } from './support/bulk-command.ts';

export const start = bulkCommand({
  verb: 'start',
  description: 'start created or stopped containers',
  examples: ['start web', 'ps -a | where status == exited | start'],
  destructive: false,
  action: async () => (client, target, signal) => client.method('start')(target.ref, { signal }),
});
