import {
  type Descriptor,
  hostPlatform,
  type ImageIndex,
  type ImageManifest,
  MANIFEST_MEDIA_TYPES,
  type OciImageConfig,
} from '@icr/core/oci';

export { INDEX_MEDIA_TYPES, MANIFEST_MEDIA_TYPES } from '@icr/core/oci';
export type { Descriptor as OciDescriptor, ImageIndex as OciIndex, ImageManifest as OciManifest, OciImageConfig };

/** The manifest for this host in an index, like containerd's default platform matcher. */
export function selectPlatformManifest(index: ImageIndex): Descriptor | undefined {
  const { os, architecture } = hostPlatform();
  return (
    index.manifests.find((m) => m.platform?.os === os && m.platform.architecture === architecture) ??
    index.manifests.find((m) => !m.platform && MANIFEST_MEDIA_TYPES.includes(m.mediaType))
  );
}
