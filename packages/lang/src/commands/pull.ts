import type { PullProgress } from '@icr/core';
import { toText } from '../execution/values.ts';
import type { CommandModule } from './command.ts';
import { RUNTIME_FLAG } from './signature.ts';
import { onEachRuntime, selectRuntimes } from './support/runtimes.ts';

export const pull: CommandModule = {
  signature: {
    name: 'pull',
    category: 'lifecycle',
    description: 'pull an image from its registry',
    examples: ['pull 127.0.0.1:5055/icr/busybox:latest', 'pull $env.ICR_TEST_IMAGE -r all'],
    flags: [RUNTIME_FLAG],
    positionals: [{ name: 'image', type: 'image', description: 'image reference' }],
    input: 'nothing',
    output: 'image',
    destructive: false,
    verb: 'pull',
    usesRuntime: true,
    single: true,
  },
  async *run(context) {
    const [image] = await context.positionals();
    const reference = toText(image);
    const stderr = context.session.io.stderr;
    const onProgress = stderr.isTTY ? (event: PullProgress) => showProgress(stderr, event) : undefined;
    const selection = await selectRuntimes(context);
    const pulled = await onEachRuntime(context, selection, (client) =>
      client.method('pull')(reference, { signal: context.signal, onProgress }),
    );
    if (onProgress) stderr.write('\r\x1b[K');
    yield* pulled;
  },
};

function showProgress(stderr: { write(text: string): unknown }, event: PullProgress): void {
  const unit = event.id ? `${event.id.slice(0, 19)}: ` : '';
  const amount = event.current !== null && event.total ? ` ${Math.round((100 * event.current) / event.total)}%` : '';
  stderr.write(`\r\x1b[K${unit}${event.status}${amount}`);
}
