import { bulkCommand } from './support/bulk-command.ts';

export const pause = bulkCommand({
  verb: 'pause',
  description: 'freeze every process of containers',
  examples: ['pause web', 'ps | where labels.tier == batch | pause'],
  destructive: true,
  action: async () => (client, target, signal) => client.method('pause')(target.ref, { signal }),
});
