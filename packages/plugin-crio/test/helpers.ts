import { randomBytes } from 'node:crypto';
import type { CreateContainerSpec, RuntimeHandle } from '@icr/core';
import { lab } from '../../../test/support/lab.ts';
import plugin from '../src/index.ts';

export const RUNTIME = 'crio';

export function connect(options: Record<string, unknown> = {}): Promise<RuntimeHandle> {
  return plugin.connect({ endpoint: lab().criEndpoint, ...options }, { runtimeName: RUNTIME, env: process.env });
}

export function uniqueName(prefix: string): string {
  return `icr-criotest-${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Creates containers and removes exactly those (and so their icr-made pods) afterwards. */
export class ContainerTracker {
  private readonly handle: () => RuntimeHandle;
  private readonly ids = new Set<string>();

  constructor(handle: () => RuntimeHandle) {
    this.handle = handle;
  }

  async create(spec: Partial<CreateContainerSpec> = {}) {
    const record = await this.handle().createContainer!({
      image: lab().testImage,
      name: uniqueName('c'),
      network: 'host',
      ...spec,
    });
    this.ids.add(record.id);
    return record;
  }

  async cleanup(): Promise<void> {
    for (const id of this.ids) {
      try {
        await this.handle().removeContainer!(id, { force: true });
      } catch {
        // removed by the test itself
      }
    }
    this.ids.clear();
  }
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** The rejection of a promise that must fail. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail, but it succeeded');
    },
    (error: unknown) => error,
  );
}
