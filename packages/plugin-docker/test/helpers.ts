import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { CreateContainerSpec, RuntimeHandle } from '@icr/core';
import { lab } from '../../../test/support/lab.ts';
import plugin from '../src/index.ts';

export const RUNTIME = 'docker-it';

export function connect(options: Record<string, unknown> = {}): Promise<RuntimeHandle> {
  return plugin.connect({ host: lab().dockerHost, ...options }, { runtimeName: RUNTIME, env: process.env });
}

export function uniqueName(prefix: string): string {
  return `icr-dockertest-${prefix}-${randomBytes(4).toString('hex')}`;
}

/** The docker CLI on the lab's daemon, to cross-check what the plugin reports. */
export function dockerCli(args: string[]): string {
  return execFileSync('docker', ['-H', lab().dockerHost, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Creates containers with a per-file label and removes exactly those afterwards. */
export class ContainerTracker {
  readonly label: string;
  private readonly handle: () => RuntimeHandle;
  private readonly ids = new Set<string>();

  constructor(handle: () => RuntimeHandle) {
    this.label = uniqueName('run');
    this.handle = handle;
  }

  async create(spec: Partial<CreateContainerSpec> & { name?: string }) {
    const handle = this.handle();
    const record = await handle.createContainer!({
      image: lab().testImage,
      name: spec.name ?? uniqueName('c'),
      ...spec,
      labels: { 'icr-test-run': this.label, ...(spec.labels ?? {}) },
    });
    this.ids.add(record.id);
    return record;
  }

  async cleanup(): Promise<void> {
    const handle = this.handle();
    for (const id of this.ids) {
      try {
        await handle.removeContainer!(id, { force: true });
      } catch {
        // already gone (auto-removed or removed by the test)
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
