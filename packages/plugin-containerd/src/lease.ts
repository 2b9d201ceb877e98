import type { CallOptions, ContainerdConnection } from './grpc/connection.ts';
import { randomSuffix } from './ids.ts';
import { GC_EXPIRE_LABEL } from './labels.ts';

/** Leases left behind by a crash expire after this long, like ctr's. */
const LEASE_EXPIRY_MS = 60 * 60 * 1000;

/**
 * Runs `work` under a fresh lease, so that content and snapshots it creates
 * are not garbage-collected before something (an image, a container) references them.
 */
export async function withLease<T>(
  connection: ContainerdConnection,
  options: CallOptions,
  work: (lease: string) => Promise<T>,
): Promise<T> {
  const id = `icr-${Date.now()}-${randomSuffix()}`;
  const expires = new Date(Date.now() + LEASE_EXPIRY_MS).toISOString().replace(/\.\d+Z$/, 'Z');
  await connection.call('leases', 'Create', { id, labels: { [GC_EXPIRE_LABEL]: expires } }, { signal: options.signal });
  try {
    return await work(id);
  } finally {
    // Not under the caller's signal: a cancelled pull must still release its lease.
    await connection.call('leases', 'Delete', { id, sync: false }).catch(() => undefined);
  }
}
