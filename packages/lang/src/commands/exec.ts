import type { ExecOptions } from '@icr/core';
import { toText } from '../execution/values.ts';
import type { CommandModule } from './command.ts';
import { RUNTIME_FLAG } from './signature.ts';
import { toDurationMs, toKeyValues } from './support/coerce.ts';
import { resolveTargets } from './support/targets.ts';

export const exec: CommandModule = {
  signature: {
    name: 'exec',
    category: 'lifecycle',
    description: 'run a command in running containers; yields exitCode, stdout and stderr',
    examples: [
      'exec web -- cat /etc/hostname',
      'ps | where labels.app == web | exec -- wget -qO- 127.0.0.1:8080/health',
    ],
    flags: [
      { name: 'env', short: 'e', type: 'key-value', repeatable: true, description: 'environment variable KEY=VALUE' },
      { name: 'user', short: 'u', type: 'string', description: 'user to run as' },
      { name: 'workdir', short: 'w', type: 'string', description: 'working directory' },
      { name: 'timeout', type: 'duration', description: 'give up after this long' },
      RUNTIME_FLAG,
    ],
    positionals: [
      {
        name: 'container',
        type: 'container',
        description: 'container name or id (or records from the pipe)',
        optional: true,
      },
    ],
    rest: { name: 'command', description: 'the command and its arguments', required: true },
    input: 'container',
    output: 'exec',
    destructive: false,
    verb: 'exec',
    usesRuntime: true,
    single: true,
  },
  async *run(context) {
    const command = (await context.rest()) ?? [];
    const options: ExecOptions = { command, signal: context.signal };
    const env = toKeyValues(await context.flagList('env'), '--env');
    if (Object.keys(env).length > 0) options.env = env;
    if (context.has('user')) options.user = toText(await context.flag('user'));
    if (context.has('workdir')) options.workdir = toText(await context.flag('workdir'));
    if (context.has('timeout')) options.timeoutMs = toDurationMs(await context.flag('timeout'), '--timeout');
    for (const target of await resolveTargets(context)) {
      if (target.error) throw target.error;
      const client = await context.session.registry.connect(target.runtime, context.signal);
      yield await client.call(() => client.method('exec')(target.ref, options));
    }
  },
};
