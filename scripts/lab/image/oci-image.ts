/**
 * Turns layer tarballs and a container config into the blobs of a Docker v2 schema 2
 * image: gzipped layers, the image config (with rootfs diff_ids) and the manifest.
 * Schema 2 is what dockerd 20.10, containerd 1.6 and skopeo all accept without fuss.
 */
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';

export const MEDIA_TYPES = {
  manifest: 'application/vnd.docker.distribution.manifest.v2+json',
  config: 'application/vnd.docker.container.image.v1+json',
  layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

export interface ContainerConfig {
  Env?: string[];
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  WorkingDir?: string;
  User?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
}

export interface Blob {
  mediaType: string;
  digest: string;
  data: Buffer;
}

export interface BuiltImage {
  config: Blob;
  layers: Blob[];
  manifest: Blob;
  /** What `docker images --digests`, skopeo and containerd report for this image. */
  digest: string;
}

export function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function blob(mediaType: string, data: Buffer): Blob {
  return { mediaType, digest: sha256(data), data };
}

export function buildImage(options: {
  layers: Buffer[];
  config: ContainerConfig;
  created?: string;
  architecture?: string;
}): BuiltImage {
  const created = options.created ?? '2000-01-01T00:00:00Z';
  // gzip's header carries no mtime or name here, so equal tars give equal blobs.
  const layers = options.layers.map((tar) => blob(MEDIA_TYPES.layer, zlib.gzipSync(tar, { level: 6 })));
  const imageConfig = {
    architecture: options.architecture ?? 'amd64',
    os: 'linux',
    created,
    config: options.config,
    rootfs: { type: 'layers', diff_ids: options.layers.map((tar) => sha256(tar)) },
    history: options.layers.map(() => ({ created, created_by: 'icr lab image builder' })),
  };
  const config = blob(MEDIA_TYPES.config, Buffer.from(JSON.stringify(imageConfig)));
  const manifest = blob(
    MEDIA_TYPES.manifest,
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.manifest,
        config: { mediaType: config.mediaType, size: config.data.length, digest: config.digest },
        layers: layers.map((layer) => ({ mediaType: layer.mediaType, size: layer.data.length, digest: layer.digest })),
      }),
    ),
  );
  return { config, layers, manifest, digest: manifest.digest };
}
