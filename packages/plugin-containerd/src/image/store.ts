import { type ImageRecord, isIcrError, notFound } from '@icr/core';
import type { CallOptions, ContainerdConnection } from '../grpc/connection.ts';
import { type Image, timestampToDate } from '../grpc/messages.ts';
import { readJson } from './content.ts';
import { canonicalImageName } from './name.ts';
import { INDEX_MEDIA_TYPES, type OciIndex, type OciManifest, selectPlatformManifest } from './oci-types.ts';

export async function listImageObjects(connection: ContainerdConnection, options: CallOptions): Promise<Image[]> {
  const response = await connection.call<{ images: Image[] }>('images', 'List', { filters: [] }, options);
  return response.images;
}

/** An image by its stored name, by the name ctr would store `ref` under, or by target digest (prefix). */
export async function findImage(connection: ContainerdConnection, ref: string, options: CallOptions): Promise<Image> {
  for (const name of candidateNames(ref, connection.runtimeName)) {
    try {
      const response = await connection.call<{ image: Image }>('images', 'Get', { name }, options);
      return response.image;
    } catch (error) {
      if (!isIcrError(error, 'not-found')) throw error;
    }
  }
  const byDigest = (await listImageObjects(connection, options)).filter((image) =>
    matchesDigest(image.target?.digest ?? '', ref),
  );
  if (byDigest.length > 0) return byDigest[0] as Image;
  throw notFound(`no such image: ${ref} (namespace ${connection.namespace})`, {
    runtime: connection.runtimeName,
    hint: `pull it first (icr pull ${ref})`,
  });
}

function candidateNames(ref: string, runtime: string): string[] {
  const names = [ref];
  try {
    const canonical = canonicalImageName(ref, runtime);
    if (canonical !== ref) names.push(canonical);
  } catch {
    // Not a reference (maybe an id): only the digest lookup can match it.
  }
  return names;
}

function matchesDigest(digest: string, ref: string): boolean {
  if (ref.length < 4) return false;
  return digest === ref || digest.replace(/^sha256:/, '').startsWith(ref.replace(/^sha256:/, ''));
}

/**
 * One record per distinct target, like `docker images` groups tags of one image.
 * Size is what the image's content takes: manifest, config and (compressed) layers.
 */
export async function imageRecords(connection: ContainerdConnection, images: Image[], options: CallOptions) {
  const byTarget = new Map<string, Image[]>();
  for (const image of images) {
    const digest = image.target?.digest ?? image.name;
    byTarget.set(digest, [...(byTarget.get(digest) ?? []), image]);
  }
  const records: ImageRecord[] = [];
  for (const [digest, group] of byTarget) {
    const first = group[0] as Image;
    records.push({
      kind: 'image',
      runtime: connection.runtimeName,
      id: digest,
      repoTags: group.map((image) => image.name).filter((name) => !name.includes('@')),
      digests: [...new Set(group.map((image) => `${repositoryOf(image.name)}@${digest}`))],
      size: await contentSize(connection, first, options),
      createdAt: timestampToDate(first.createdAt),
      raw: group,
    });
  }
  return records;
}

async function contentSize(
  connection: ContainerdConnection,
  image: Image,
  options: CallOptions,
): Promise<number | null> {
  const target = image.target;
  if (!target) return null;
  try {
    let size = Number(target.size);
    let manifestDigest = target.digest;
    if (INDEX_MEDIA_TYPES.includes(target.mediaType)) {
      const chosen = selectPlatformManifest(await readJson<OciIndex>(connection, target.digest, options));
      if (!chosen) return null;
      size += chosen.size;
      manifestDigest = chosen.digest;
    }
    const manifest = await readJson<OciManifest>(connection, manifestDigest, options);
    return size + manifest.config.size + manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
  } catch (error) {
    // Content not (fully) in the store, e.g. an image pulled for another platform.
    if (isIcrError(error, 'not-found')) return null;
    throw error;
  }
}

/** "host:port/repo:tag" or "host/repo@digest" without its tag and digest. */
export function repositoryOf(name: string): string {
  const withoutDigest = name.split('@')[0] as string;
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
}
