import { conflict, notFound } from '@icr/core';
import type { Image } from './cri-types.ts';

/**
 * The fully qualified form runtimes store: `busybox` → `docker.io/library/busybox:latest`,
 * `me/app` → `docker.io/me/app:latest`; references with a registry host keep it.
 */
export function normalizeImageRef(ref: string): string {
  let name = ref;
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  if (!hasRegistry) name = slash === -1 ? `docker.io/library/${name}` : `docker.io/${name}`;
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  if (!lastSegment.includes(':') && !name.includes('@')) name = `${name}:latest`;
  return name;
}

export interface PickedImage {
  image: Image;
  /** The ref named a tag (not an id or digest). */
  byTag: boolean;
}

/** Resolves an image by id, id prefix, tag or digest, as `rmi` accepts them. */
export function pickImage(images: Image[], ref: string, runtime: string): PickedImage {
  const bareId = (id: string) => id.replace(/^sha256:/, '');
  const wantedId = bareId(ref);
  const byId = images.find((image) => image.id === ref || bareId(image.id) === wantedId);
  if (byId) return { image: byId, byTag: false };
  const normalized = normalizeImageRef(ref);
  const byTag = images.filter((image) => image.repo_tags.some((tag) => tag === ref || tag === normalized));
  if (byTag.length === 1) return { image: byTag[0]!, byTag: true };
  const byDigest = images.filter((image) =>
    image.repo_digests.some((digest) => digest === ref || digest === normalized),
  );
  if (byDigest.length === 1) return { image: byDigest[0]!, byTag: false };
  if (/^[0-9a-f]{4,64}$/.test(wantedId)) {
    const byPrefix = images.filter((image) => bareId(image.id).startsWith(wantedId));
    if (byPrefix.length === 1) return { image: byPrefix[0]!, byTag: false };
    if (byPrefix.length > 1) {
      throw conflict(`image id prefix "${ref}" matches ${byPrefix.length} images`, {
        runtime,
        hint: 'give more of the id',
      });
    }
  }
  throw notFound(`no such image: ${ref}`, { runtime });
}
