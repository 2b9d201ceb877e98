import { invalidArgument, notFound } from '@icr/core';
import type { CallOptions, ContainerdConnection } from '../grpc/connection.ts';
import type { Descriptor } from '../grpc/messages.ts';
import {
  INDEX_MEDIA_TYPES,
  type OciDescriptor,
  type OciImageConfig,
  type OciIndex,
  type OciManifest,
  selectPlatformManifest,
} from './oci-types.ts';

export async function readBlob(connection: ContainerdConnection, digest: string, options: CallOptions = {}) {
  const chunks = await connection.collect<{ data: Buffer }>(
    'content',
    'Read',
    { digest },
    { ...options, subject: digest },
  );
  return Buffer.concat(chunks.map((chunk) => chunk.data));
}

export async function readJson<T>(connection: ContainerdConnection, digest: string, options: CallOptions = {}) {
  return JSON.parse((await readBlob(connection, digest, options)).toString('utf8')) as T;
}

export interface ResolvedImage {
  /** The manifest for this platform (the image's target when it is not an index). */
  manifestDescriptor: OciDescriptor;
  manifest: OciManifest;
  config: OciImageConfig;
  diffIds: string[];
}

/** Follows an image target (index or manifest) in the content store down to its config. */
export async function resolveImageContent(
  connection: ContainerdConnection,
  target: Descriptor | OciDescriptor,
  imageName: string,
  options: CallOptions = {},
): Promise<ResolvedImage> {
  let descriptor: OciDescriptor = { mediaType: target.mediaType, digest: target.digest, size: Number(target.size) };
  if (INDEX_MEDIA_TYPES.includes(descriptor.mediaType)) {
    const index = await readJson<OciIndex>(connection, descriptor.digest, options);
    const chosen = selectPlatformManifest(index);
    if (!chosen) {
      throw notFound(`image ${imageName} has no manifest for linux/${process.arch}`, {
        runtime: connection.runtimeName,
      });
    }
    descriptor = chosen;
  }
  const manifest = await readJson<OciManifest>(connection, descriptor.digest, options);
  if (!manifest.config || !Array.isArray(manifest.layers)) {
    throw invalidArgument(`image ${imageName}: ${descriptor.digest} is not an image manifest`, {
      runtime: connection.runtimeName,
    });
  }
  const config = await readJson<OciImageConfig>(connection, manifest.config.digest, options);
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) {
    throw invalidArgument(
      `image ${imageName}: config lists ${diffIds.length} diff ids for ${manifest.layers.length} layers`,
      {
        runtime: connection.runtimeName,
      },
    );
  }
  return { manifestDescriptor: descriptor, manifest, config, diffIds };
}
