import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { cancelled, invalidArgument, notFound, type PullProgress, runtimeError } from '@icr/core';
import {
  type Descriptor,
  type ImageManifest,
  type ImageReference,
  MEDIA_TYPES,
  type OciImageConfig,
  parseImageReference,
  type RegistryClient,
} from '@icr/core/oci';

export const REF_ANNOTATION = 'org.opencontainers.image.ref.name';
const PULLED_ANNOTATION = 'io.icr.image.pulled';
const GC_GRACE_MS = 10 * 60_000;

interface IndexFile {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
}

export interface StoredImage {
  /** The config digest, as docker calls an image id. */
  id: string;
  manifestDigest: string;
  manifest: ImageManifest;
  config: OciImageConfig;
  /** Canonical references pointing at this image. */
  refs: string[];
  /** Compressed size of config and layers. */
  size: number;
  pulledAt: Date | null;
}

/**
 * A local OCI image layout (image-spec image-layout.md): content-addressed
 * blobs plus an index.json whose entries carry the reference as
 * `org.opencontainers.image.ref.name`. Other tools (skopeo, umoci) can read it.
 */
export class ImageStore {
  readonly dir: string;
  readonly #runtime: string;

  constructor(dataDir: string, runtime: string) {
    this.dir = path.join(dataDir, 'images');
    this.#runtime = runtime;
  }

  blobPath(digest: string): string {
    const match = /^(sha256|sha512):([0-9a-f]{64,128})$/.exec(digest);
    if (!match) throw runtimeError(`invalid digest "${digest}"`, { runtime: this.#runtime });
    return path.join(this.dir, 'blobs', match[1]!, match[2]!);
  }

  async pull(
    client: RegistryClient,
    ref: string,
    options: { signal?: AbortSignal | undefined; onProgress?: ((event: PullProgress) => void) | undefined } = {},
  ): Promise<StoredImage> {
    const { signal, onProgress } = options;
    const reference = parseImageReference(ref);
    onProgress?.({ id: null, status: `resolving ${reference.canonical}`, current: null, total: null });
    const resolved = await client.resolve(reference, { signal });
    await this.#ensureLayout();
    for (const layer of resolved.manifest.layers) {
      if (await this.#hasBlob(layer)) {
        onProgress?.({ id: layer.digest, status: 'already exists', current: layer.size, total: layer.size });
        continue;
      }
      onProgress?.({ id: layer.digest, status: 'downloading', current: 0, total: layer.size });
      await this.#download(client, reference, layer, signal);
      onProgress?.({ id: layer.digest, status: 'download complete', current: layer.size, total: layer.size });
    }
    await this.#writeBlob(resolved.manifest.config.digest, resolved.configBytes);
    await this.#writeBlob(resolved.manifestDigest, resolved.manifestBytes);
    const canonical = refName(reference);
    await this.#updateIndex((index) => {
      index.manifests = index.manifests.filter((entry) => entry.annotations?.[REF_ANNOTATION] !== canonical);
      index.manifests.push({
        mediaType: resolved.manifestMediaType,
        digest: resolved.manifestDigest,
        size: resolved.manifestBytes.byteLength,
        annotations: { [REF_ANNOTATION]: canonical, [PULLED_ANNOTATION]: new Date().toISOString() },
      });
    });
    onProgress?.({ id: null, status: `pulled ${reference.canonical}`, current: null, total: null });
    const image = await this.find(canonical);
    if (!image) throw runtimeError(`image ${canonical} vanished right after the pull`, { runtime: this.#runtime });
    return image;
  }

  async list(): Promise<StoredImage[]> {
    const index = await this.#readIndex();
    const byManifest = new Map<string, { entry: Descriptor; refs: string[]; pulledAt: Date | null }>();
    for (const entry of index.manifests) {
      const current = byManifest.get(entry.digest) ?? { entry, refs: [], pulledAt: null };
      const ref = entry.annotations?.[REF_ANNOTATION];
      if (ref) current.refs.push(ref);
      const pulled = entry.annotations?.[PULLED_ANNOTATION];
      if (pulled && (!current.pulledAt || new Date(pulled) > current.pulledAt)) current.pulledAt = new Date(pulled);
      byManifest.set(entry.digest, current);
    }
    const images: StoredImage[] = [];
    for (const [digest, { refs, pulledAt }] of byManifest) {
      const image = await this.#load(digest, refs, pulledAt).catch(() => null);
      if (image) images.push(image);
    }
    return images;
  }

  /** By reference ("busybox", "127.0.0.1:5055/icr/busybox:latest"), image id, or a unique id prefix. */
  async find(ref: string): Promise<StoredImage | null> {
    const images = await this.list();
    const byId = matchId(images, ref);
    if (byId) return byId;
    let reference: ImageReference;
    try {
      reference = parseImageReference(ref);
    } catch {
      return null;
    }
    const name = refName(reference);
    return (
      images.find((image) => image.refs.includes(name)) ??
      (reference.digest ? images.find((image) => image.manifestDigest === reference.digest) : undefined) ??
      null
    );
  }

  /** Untags `ref` (or every tag of an image id) and drops blobs no image uses any more. */
  async remove(ref: string): Promise<void> {
    const image = await this.find(ref);
    if (!image) throw notFound(`no such image: ${ref}`, { runtime: this.#runtime });
    const byId = matchId([image], ref) !== null;
    let untag: string[] = image.refs;
    if (!byId) {
      // By reference only that exact name goes; a digest that merely matches does not untag other names.
      const name = refName(parseImageReference(ref));
      if (!image.refs.includes(name)) throw notFound(`no such image: ${ref}`, { runtime: this.#runtime });
      untag = [name];
    }
    await this.#updateIndex((index) => {
      index.manifests = index.manifests.filter(
        (entry) =>
          !(entry.digest === image.manifestDigest && untag.includes(entry.annotations?.[REF_ANNOTATION] ?? '')),
      );
    });
    await this.#collectGarbage();
  }

  layerPaths(image: StoredImage): string[] {
    return image.manifest.layers.map((layer) => {
      if (layer.mediaType === MEDIA_TYPES.ociLayerZstd) {
        throw runtimeError(`layer ${layer.digest} is zstd-compressed, which this plugin cannot unpack`, {
          runtime: this.#runtime,
        });
      }
      return this.blobPath(layer.digest);
    });
  }

  async #load(manifestDigest: string, refs: string[], pulledAt: Date | null): Promise<StoredImage> {
    const manifest = JSON.parse(await readFile(this.blobPath(manifestDigest), 'utf8')) as ImageManifest;
    const config = JSON.parse(await readFile(this.blobPath(manifest.config.digest), 'utf8')) as OciImageConfig;
    const size = manifest.config.size + manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
    return { id: manifest.config.digest, manifestDigest, manifest, config, refs, size, pulledAt };
  }

  async #hasBlob(descriptor: Descriptor): Promise<boolean> {
    const info = await stat(this.blobPath(descriptor.digest)).catch(() => null);
    return info !== null && info.size === descriptor.size;
  }

  async #download(
    client: RegistryClient,
    reference: ImageReference,
    descriptor: Descriptor,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const target = this.blobPath(descriptor.digest);
    const temporary = path.join(this.dir, 'tmp', `${path.basename(target)}.${randomBytes(4).toString('hex')}`);
    const stream = await client.fetchBlob(reference, descriptor, { signal });
    try {
      await pipeline(Readable.fromWeb(stream as never), createWriteStream(temporary), { signal });
      await mkdir(path.dirname(target), { recursive: true });
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      if (signal?.aborted) throw cancelled(this.#runtime);
      throw error;
    }
  }

  async #writeBlob(digest: string, bytes: Uint8Array): Promise<void> {
    const target = this.blobPath(digest);
    const temporary = path.join(this.dir, 'tmp', `${path.basename(target)}.${randomBytes(4).toString('hex')}`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(temporary, bytes);
    await rename(temporary, target);
  }

  async #ensureLayout(): Promise<void> {
    await mkdir(path.join(this.dir, 'blobs', 'sha256'), { recursive: true });
    await mkdir(path.join(this.dir, 'tmp'), { recursive: true });
    await writeFile(path.join(this.dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}\n', { flag: 'w' });
  }

  async #readIndex(): Promise<IndexFile> {
    try {
      const parsed = JSON.parse(await readFile(path.join(this.dir, 'index.json'), 'utf8')) as IndexFile;
      return { ...parsed, manifests: parsed.manifests ?? [] };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyIndex();
      throw runtimeError(`the image index ${path.join(this.dir, 'index.json')} is unreadable`, {
        runtime: this.#runtime,
        cause: error,
      });
    }
  }

  /** Read-modify-write of index.json under a lock file, so concurrent pulls do not lose entries. */
  async #updateIndex(change: (index: IndexFile) => void): Promise<void> {
    await this.#ensureLayout();
    const release = await acquireLock(path.join(this.dir, 'index.json.lock'), this.#runtime);
    try {
      const index = await this.#readIndex();
      change(index);
      const temporary = path.join(this.dir, 'tmp', `index.${randomBytes(4).toString('hex')}.json`);
      await writeFile(temporary, `${JSON.stringify(index, null, 2)}\n`);
      await rename(temporary, path.join(this.dir, 'index.json'));
    } finally {
      await release();
    }
  }

  async #collectGarbage(): Promise<void> {
    const release = await acquireLock(path.join(this.dir, 'index.json.lock'), this.#runtime);
    try {
      const index = await this.#readIndex();
      const keep = new Set<string>();
      for (const entry of index.manifests) {
        keep.add(entry.digest);
        try {
          const manifest = JSON.parse(await readFile(this.blobPath(entry.digest), 'utf8')) as ImageManifest;
          keep.add(manifest.config.digest);
          for (const layer of manifest.layers) keep.add(layer.digest);
        } catch {
          // A manifest that cannot be read keeps nothing alive.
        }
      }
      for (const algorithm of ['sha256', 'sha512']) {
        const files = await readdir(path.join(this.dir, 'blobs', algorithm)).catch(() => [] as string[]);
        for (const file of files) {
          if (keep.has(`${algorithm}:${file}`)) continue;
          // A young blob may belong to a pull that has not written its index entry yet.
          const blob = path.join(this.dir, 'blobs', algorithm, file);
          const info = await stat(blob).catch(() => null);
          if (info && Date.now() - info.mtimeMs > GC_GRACE_MS) await unlink(blob).catch(() => {});
        }
      }
    } finally {
      await release();
    }
  }
}

function emptyIndex(): IndexFile {
  return { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [] };
}

/** The name stored in the index: canonical, so "busybox" and "docker.io/library/busybox:latest" agree. */
export function refName(reference: ImageReference): string {
  return reference.canonical;
}

function matchId(images: StoredImage[], ref: string): StoredImage | null {
  const hex = ref.startsWith('sha256:') ? ref.slice(7) : ref;
  if (!/^[0-9a-f]{6,64}$/.test(hex)) return null;
  const matches = images.filter((image) => image.id.slice(7).startsWith(hex));
  if (matches.length > 1) throw invalidArgument(`image id prefix ${ref} is ambiguous`);
  return matches[0] ?? null;
}

async function acquireLock(lockPath: string, runtime: string): Promise<() => Promise<void>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => unlink(lockPath).catch(() => {});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock older than 30 s belongs to a process that died mid-update.
      const info = await stat(lockPath).catch(() => null);
      if (info && Date.now() - info.mtimeMs > 30_000) await unlink(lockPath).catch(() => {});
      if (Date.now() > deadline) throw runtimeError(`the image index is locked by ${lockPath}`, { runtime });
      await new Promise((resolve) => setTimeout(resolve, 25 + Math.random() * 50));
    }
  }
}
