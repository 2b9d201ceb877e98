import { type ImageRecord, isIcrError, type PullOptions } from '@icr/core';
import { MEDIA_TYPES, RegistryClient, type ResolvedImage as RegistryImage } from '@icr/core/oci';
import type { PluginContext } from '../context.ts';
import type { Image } from '../grpc/messages.ts';
import { gcSnapshotLabel, UNCOMPRESSED_LABEL } from '../labels.ts';
import { withLease } from '../lease.ts';
import { chainId } from './chain-id.ts';
import { writeBlob } from './content-writer.ts';
import { canonicalImageName } from './name.ts';
import { imageRecords } from './store.ts';
import { ensureUnpacked } from './unpack.ts';

/**
 * Client-side pull, as ctr does it against containerd 1.6 (which has no
 * Transfer service): resolve with the registry, write blobs into the content
 * store children first with GC labels on parents, create the image record,
 * then unpack the layers into snapshots. All under one lease.
 */
export async function pullImage(context: PluginContext, ref: string, options: PullOptions): Promise<ImageRecord> {
  const { connection, runtime } = context;
  const name = canonicalImageName(ref, runtime);
  const registry = new RegistryClient({ insecure: context.options.insecureRegistries, runtime });
  const report = options.onProgress ?? (() => undefined);
  const resolved = await registry.resolve(name, { signal: options.signal });
  report({ id: null, status: `resolved ${resolved.manifestDigest}`, current: null, total: null });
  const { manifest, config } = resolved;
  const diffIds = config.rootfs?.diff_ids ?? [];
  const snapshotter = context.options.snapshotter;

  const image = await withLease(connection, options, async (lease) => {
    const leased = { signal: options.signal, lease };
    for (const [index, layer] of manifest.layers.entries()) {
      const diffId = diffIds[index];
      const written = await writeBlob(
        connection,
        {
          digest: layer.digest,
          size: layer.size,
          labels: diffId ? { [UNCOMPRESSED_LABEL]: diffId } : {},
          open: () => registry.fetchBlob(resolved.reference, layer, { signal: options.signal }),
          onProgress: (current) => report({ id: layer.digest, status: 'downloading', current, total: layer.size }),
        },
        leased,
      );
      report({ id: layer.digest, status: written ? 'done' : 'already exists', current: layer.size, total: layer.size });
    }
    const configLabels = diffIds.length > 0 ? { [gcSnapshotLabel(snapshotter)]: chainId(diffIds) } : {};
    await writeBlob(connection, bytesBlob(manifest.config.digest, resolved.configBytes, configLabels), leased);
    const manifestLabels: Record<string, string> = { 'containerd.io/gc.ref.content.config': manifest.config.digest };
    for (const [index, layer] of manifest.layers.entries())
      manifestLabels[`containerd.io/gc.ref.content.l.${index}`] = layer.digest;
    await writeBlob(connection, bytesBlob(resolved.manifestDigest, resolved.manifestBytes, manifestLabels), leased);
    const target = await writeIndex(context, resolved, leased);

    const stored = await storeImage(context, { name, labels: {}, target }, leased);
    await ensureUnpacked(connection, { manifestDescriptor: target, manifest, config, diffIds }, snapshotter, leased);
    report({ id: null, status: `unpacked into ${snapshotter}`, current: null, total: null });
    return stored;
  });
  const [record] = await imageRecords(connection, [image], { signal: options.signal });
  return record as ImageRecord;
}

/** The image's target: its index when the reference named one, else the manifest. */
async function writeIndex(
  context: PluginContext,
  resolved: RegistryImage,
  options: { signal?: AbortSignal | undefined; lease: string },
) {
  if (resolved.indexDigest === undefined || resolved.indexBytes === undefined) {
    return {
      mediaType: resolved.manifestMediaType,
      digest: resolved.manifestDigest,
      size: resolved.manifestBytes.byteLength,
    };
  }
  const index = JSON.parse(Buffer.from(resolved.indexBytes).toString('utf8')) as {
    mediaType?: string;
    manifests?: Array<{ digest: string }>;
  };
  const labels: Record<string, string> = {};
  for (const [i, manifest] of (index.manifests ?? []).entries())
    labels[`containerd.io/gc.ref.content.m.${i}`] = manifest.digest;
  await writeBlob(context.connection, bytesBlob(resolved.indexDigest, resolved.indexBytes, labels), options);
  return {
    mediaType: index.mediaType ?? MEDIA_TYPES.ociIndex,
    digest: resolved.indexDigest,
    size: resolved.indexBytes.byteLength,
  };
}

function bytesBlob(digest: string, bytes: Uint8Array, labels: Record<string, string>) {
  return {
    digest,
    size: bytes.byteLength,
    labels,
    open: async function* () {
      yield bytes;
    },
  };
}

/** Images.Create, or Update when the name already points somewhere (a re-pull). */
async function storeImage(
  context: PluginContext,
  image: { name: string; labels: Record<string, string>; target: { mediaType: string; digest: string; size: number } },
  options: { signal?: AbortSignal | undefined; lease: string },
): Promise<Image> {
  try {
    const response = await context.connection.call<{ image: Image }>(
      'images',
      'Create',
      { image },
      { ...options, subject: image.name },
    );
    return response.image;
  } catch (error) {
    if (!isIcrError(error, 'conflict')) throw error;
    const response = await context.connection.call<{ image: Image }>(
      'images',
      'Update',
      { image, updateMask: { paths: ['target'] } },
      { ...options, subject: image.name },
    );
    return response.image;
  }
}
