import { bulkCommand } from './support/bulk-command.ts';

export const rm = bulkCommand({
  verb: 'rm',
  description: 'remove containers (-f also removes running ones)',
  examples: ['rm web', 'ps -a | where status == exited | rm', 'ps -a | where labels.job == ci | rm -f --dry-run'],
  destructive: true,
  flags: [{ name: 'force', short: 'f', type: 'switch', description: 'kill and remove running containers' }],
  action: async (context) => {
    const force = (await context.flag('force')) === true;
    return (client, target, signal) => client.method('rm')(target.ref, { signal, force });
  },
});
