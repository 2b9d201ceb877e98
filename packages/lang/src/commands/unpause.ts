import { bulkCommand } from './support/bulk-command.ts';

export const unpause = bulkCommand({
  verb: 'unpause',
  description: 'resume paused containers',
  examples: ['unpause web', 'ps | where status == paused | unpause'],
  destructive: false,
  action: async () => (client, target, signal) => client.method('unpause')(target.ref, { signal }),
});
