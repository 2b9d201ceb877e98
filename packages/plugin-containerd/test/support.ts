import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { isIcrError, type RuntimeHandle } from '@icr/core';
import { lab } from '../../../test/support/lab.ts';
import { ContainerdConnection } from '../src/grpc/connection.ts';
import plugin from '../src/index.ts';

const run = promisify(execFile);

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A fresh containerd namespace on the lab's daemon, with a connected handle and ctr bound to it. */
export interface Sandbox {
  namespace: string;
  /** A raw gRPC connection in the sandbox namespace, for what the handle does not expose. */
  connection: ContainerdConnection;
  handle: RuntimeHandle;
  logDir: string;
  ctr(...args: string[]): Promise<string>;
  /** Removes every container and image in the namespace (all ours), then the namespace itself. */
  dispose(): Promise<void>;
}

export async function openSandbox(prefix = 'icr-ctrd-test'): Promise<Sandbox> {
  const namespace = uniqueName(prefix);
  const logDir = join(lab().dir, 'containerd-plugin-logs');
  const handle = await plugin.connect(
    { address: lab().containerdAddress, namespace, logDir, insecureRegistries: [lab().registry] },
    { runtimeName: 'containerd', env: process.env },
  );
  const ctr = async (...args: string[]) =>
    (await run('ctr', ['-a', lab().containerdAddress, '-n', namespace, ...args], { timeout: 60_000 })).stdout;
  const connection = await ContainerdConnection.open({
    socketPath: lab().containerdAddress,
    namespace,
    runtimeName: 'containerd',
  });
  return {
    namespace,
    connection,
    handle,
    logDir,
    ctr,
    async dispose() {
      for (const container of await handle.listContainers({ all: true })) {
        await handle.removeContainer?.(container.id, { force: true }).catch(() => undefined);
      }
      for (const image of (await handle.listImages?.()) ?? []) {
        for (const tag of image.repoTags) await handle.removeImage?.(tag, { force: true }).catch(() => undefined);
      }
      await handle.close();
      connection.close();
      await deleteNamespace(namespace);
      await rm(join(logDir, namespace), { recursive: true, force: true });
    },
  };
}

/** Namespaces.Delete; containerd refuses while GC has not yet collected everything, so retry a little. */
export async function deleteNamespace(namespace: string): Promise<void> {
  const connection = await ContainerdConnection.open({
    socketPath: lab().containerdAddress,
    namespace,
    runtimeName: 'containerd',
  });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await connection.call('namespaces', 'Delete', { name: namespace });
        return;
      } catch (error) {
        if (isIcrError(error, 'not-found')) return;
        if (attempt >= 20) throw error;
        await sleep(250);
      }
    }
  } finally {
    connection.close();
  }
}

export async function namespaceExists(namespace: string): Promise<boolean> {
  const out = (await run('ctr', ['-a', lab().containerdAddress, 'namespaces', 'ls', '-q'])).stdout;
  return out.split('\n').includes(namespace);
}

export { lab };
