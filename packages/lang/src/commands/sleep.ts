import { cancelled } from '@icr/core';
import type { CommandModule } from './command.ts';
import { toDurationMs } from './support/coerce.ts';

export const sleep: CommandModule = {
  signature: {
    name: 'sleep',
    category: 'script',
    description: 'pause for a duration (Ctrl-C cancels)',
    examples: ['sleep 2s', 'sleep 500ms'],
    flags: [],
    positionals: [{ name: 'duration', type: 'duration', description: 'how long (500ms, 5s, 1m)' }],
    input: 'nothing',
    output: 'nothing',
    destructive: false,
    verb: null,
    usesRuntime: false,
  },
  async *run(context) {
    const [given] = await context.positionals();
    const ms = toDurationMs(given);
    await new Promise<void>((resolve, reject) => {
      if (context.signal.aborted) return reject(cancelled());
      const onAbort = () => {
        clearTimeout(timer);
        reject(cancelled());
      };
      const timer = setTimeout(() => {
        context.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      context.signal.addEventListener('abort', onAbort, { once: true });
    });
  },
};
