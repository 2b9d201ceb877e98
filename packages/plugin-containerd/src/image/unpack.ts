import { isIcrError, runtimeError } from '@icr/core';
import type { CallOptions, ContainerdConnection } from '../grpc/connection.ts';
import type { Mount } from '../grpc/messages.ts';
import { randomSuffix } from '../ids.ts';
import { gcSnapshotLabel, SNAPSHOT_REF_LABEL } from '../labels.ts';
import { chainIds } from './chain-id.ts';
import type { ResolvedImage } from './content.ts';

/**
 * Makes sure the image's layers exist as committed snapshots named by their
 * chain IDs (what `ctr pull` and `ctr run` produce), applying missing layers
 * from the content store. Returns the top chain ID. Call under a lease.
 */
export async function ensureUnpacked(
  connection: ContainerdConnection,
  image: ResolvedImage,
  snapshotter: string,
  options: CallOptions & { lease: string },
): Promise<string> {
  const chain = chainIds(image.diffIds);
  for (const [index, layer] of image.manifest.layers.entries()) {
    const chainId = chain[index] as string;
    if (await snapshotExists(connection, snapshotter, chainId, options)) continue;
    const parent = index === 0 ? '' : (chain[index - 1] as string);
    const key = `extract-${randomSuffix()} ${chainId}`;
    const labels = { [SNAPSHOT_REF_LABEL]: chainId };
    const prepared = await connection.call<{ mounts: Mount[] }>(
      'snapshots',
      'Prepare',
      { snapshotter, key, parent, labels },
      { ...options, subject: chainId },
    );
    try {
      const applied = await connection.call<{ applied: { digest: string } }>(
        'diff',
        'Apply',
        { diff: { mediaType: layer.mediaType, digest: layer.digest, size: layer.size }, mounts: prepared.mounts },
        { ...options, subject: layer.digest },
      );
      if (applied.applied.digest !== image.diffIds[index]) {
        throw runtimeError(
          `layer ${layer.digest} unpacked to ${applied.applied.digest}, expected ${image.diffIds[index]}`,
          {
            runtime: connection.runtimeName,
          },
        );
      }
      await connection.call(
        'snapshots',
        'Commit',
        { snapshotter, name: chainId, key, labels },
        { ...options, subject: chainId },
      );
    } catch (error) {
      await connection
        .call('snapshots', 'Remove', { snapshotter, key }, { lease: options.lease })
        .catch(() => undefined);
      // Someone else unpacked the same layer meanwhile: theirs is as good as ours.
      if (!(await snapshotExists(connection, snapshotter, chainId, {}))) throw error;
    }
  }
  const top = chain.at(-1) as string;
  // The config references the unpacked rootfs, so GC keeps it for as long as the image exists.
  const label = gcSnapshotLabel(snapshotter);
  await connection.call(
    'content',
    'Update',
    {
      info: { digest: image.manifest.config.digest, labels: { [label]: top } },
      updateMask: { paths: [`labels.${label}`] },
    },
    { ...options, subject: image.manifest.config.digest },
  );
  return top;
}

async function snapshotExists(
  connection: ContainerdConnection,
  snapshotter: string,
  key: string,
  options: CallOptions,
) {
  try {
    await connection.call('snapshots', 'Stat', { snapshotter, key }, { signal: options.signal });
    return true;
  } catch (error) {
    if (isIcrError(error, 'not-found')) return false;
    throw error;
  }
}
