import { IcrError, isIcrError, type RuntimeClient } from '@icr/core';
import type { CommandContext, CommandModule } from './command.ts';
import { RUNTIME_FLAG } from './signature.ts';
import { CREATE_FLAGS, containerSpec } from './support/container-spec.ts';
import { selectRuntimes } from './support/runtimes.ts';

export const run: CommandModule = {
  signature: {
    name: 'run',
    category: 'lifecycle',
    description: 'create and start a container; without -d wait for it and print its output',
    examples: [
      'run busybox -- echo hello',
      'run -d $env.ICR_TEST_IMAGE --name web -l app=web --network none -- sleep 300',
      'run --rm --read-only --user 1000 busybox -- id',
    ],
    flags: [
      ...CREATE_FLAGS,
      { name: 'detach', short: 'd', type: 'switch', description: 'return at once with the container record' },
      RUNTIME_FLAG,
    ],
    positionals: [{ name: 'image', type: 'image', description: 'image reference' }],
    rest: { name: 'command', description: 'command and arguments, replacing the image default' },
    input: 'nothing',
    output: 'any',
    destructive: false,
    verb: 'create',
    usesRuntime: true,
    single: true,
  },
  async *run(context) {
    const spec = await containerSpec(context);
    const detach = (await context.flag('detach')) === true;
    const { names } = await selectRuntimes(context);
    for (const runtime of names) {
      const client = await context.session.registry.connect(runtime, context.signal);
      const signal = context.signal;
      // Without -d, we remove the container ourselves after reading its logs (--rm),
      // so the runtime must not remove it on exit before we got them.
      const created = await client.call(() =>
        client.method('create')({ ...spec, autoRemove: detach ? spec.autoRemove : false }, { signal }),
      );
      try {
        await client.call(() => client.method('start')(created.id, { signal }));
      } catch (error) {
        if (spec.autoRemove || !detach) await removeQuietly(client, created.id);
        throw error;
      }
      if (detach) {
        yield await client.call(() => client.method('inspect')(created.id, { signal })).catch(() => created);
        continue;
      }
      yield* attachUntilExit(context, client, created.id, spec.autoRemove === true);
    }
  },
};

/** Like `docker run` without -d: the output once it exits, and a failure when it exits non-zero. */
async function* attachUntilExit(
  context: CommandContext,
  client: RuntimeClient,
  id: string,
  remove: boolean,
): AsyncIterable<unknown> {
  const signal = context.signal;
  try {
    const result = await client.call(() => client.method('wait')(id, { for: 'exited', signal }));
    if (client.supports('logs')) {
      const entries = client.method('logs')(id, { signal });
      for await (const entry of entries) {
        if (entry.stream === 'stderr') context.session.io.stderr.write(`${entry.line}\n`);
        else yield entry.line;
      }
    }
    if (result.exitCode !== null && result.exitCode !== 0) {
      throw new IcrError('runtime-error', `container ${id.slice(0, 12)} exited with code ${result.exitCode}`, {
        runtime: client.name,
      });
    }
  } catch (error) {
    throw isIcrError(error) ? error : client.normalizeError(error);
  } finally {
    if (remove) await removeQuietly(client, id);
  }
}

async function removeQuietly(client: RuntimeClient, id: string): Promise<void> {
  try {
    if (client.supports('rm')) await client.method('rm')(id, { force: true });
  } catch {
    // best effort: the run already failed or finished
  }
}
