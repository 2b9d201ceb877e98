import type { CommandModule } from './command.ts';
import { RUNTIME_FLAG } from './signature.ts';
import { CREATE_FLAGS, containerSpec } from './support/container-spec.ts';
import { selectRuntimes } from './support/runtimes.ts';

export const create: CommandModule = {
  signature: {
    name: 'create',
    category: 'lifecycle',
    description: 'create a container from an image without starting it',
    examples: ['create busybox --name job1 -- sleep 60', 'create $env.ICR_TEST_IMAGE -l app=web --read-only'],
    flags: [...CREATE_FLAGS, RUNTIME_FLAG],
    positionals: [{ name: 'image', type: 'image', description: 'image reference' }],
    rest: { name: 'command', description: 'command and arguments, replacing the image default' },
    input: 'nothing',
    output: 'container',
    destructive: false,
    verb: 'create',
    usesRuntime: true,
    single: true,
  },
  async *run(context) {
    const spec = await containerSpec(context);
    const { names } = await selectRuntimes(context);
    for (const runtime of names) {
      const client = await context.session.registry.connect(runtime, context.signal);
      yield await client.call(() => client.method('create')(spec, { signal: context.signal }));
    }
  },
};
