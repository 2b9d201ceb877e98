import type { WaitCondition, WaitOptions } from '@icr/core';
import { toText } from '../execution/values.ts';
import type { CommandModule } from './command.ts';
import { RUNTIME_FLAG } from './signature.ts';
import { toDurationMs } from './support/coerce.ts';
import { resolveTargets } from './support/targets.ts';

export const wait: CommandModule = {
  signature: {
    name: 'wait',
    category: 'lifecycle',
    description: 'wait until containers are running, have exited or are removed',
    examples: ['wait web', 'wait web --for running --timeout 30s', 'ps | where labels.job == ci | wait'],
    flags: [
      {
        name: 'for',
        type: { oneOf: ['running', 'exited', 'removed'] },
        description: 'the state to wait for',
        default: 'exited',
      },
      { name: 'timeout', type: 'duration', description: 'fail with a timeout after this long' },
      RUNTIME_FLAG,
    ],
    positionals: [
      {
        name: 'container',
        type: 'container',
        description: 'container names or ids (or records from the pipe)',
        optional: true,
        variadic: true,
      },
    ],
    input: 'container',
    output: 'any',
    destructive: false,
    verb: 'wait',
    usesRuntime: true,
    single: true,
  },
  async *run(context) {
    const options: WaitOptions = { signal: context.signal, for: toText(await context.flag('for')) as WaitCondition };
    if (context.has('timeout')) options.timeoutMs = toDurationMs(await context.flag('timeout'), '--timeout');
    for (const target of await resolveTargets(context)) {
      if (target.error) throw target.error;
      const client = await context.session.registry.connect(target.runtime, context.signal);
      const result = await client.call(() => client.method('wait')(target.ref, options));
      yield {
        kind: 'wait',
        runtime: target.runtime,
        id: result.id,
        name: target.name,
        status: result.status,
        exitCode: result.exitCode,
      };
    }
  },
};
