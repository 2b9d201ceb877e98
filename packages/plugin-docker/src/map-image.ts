import type { ImageRecord } from '@icr/core';
import type { DockerImageInspect, DockerImageSummary } from './docker-types.ts';
import { parseDockerTime } from './map-container.ts';

/** Untagged images are listed as "<none>:<none>" / "<none>@<none>": no tag at all. */
function realNames(names: readonly string[] | null | undefined): string[] {
  return (names ?? []).filter((name) => !name.startsWith('<none>'));
}

export function imageFromSummary(image: DockerImageSummary, runtime: string): ImageRecord {
  return {
    kind: 'image',
    runtime,
    id: image.Id,
    repoTags: realNames(image.RepoTags),
    digests: realNames(image.RepoDigests),
    size: typeof image.Size === 'number' && image.Size >= 0 ? image.Size : null,
    createdAt: typeof image.Created === 'number' && image.Created > 0 ? new Date(image.Created * 1000) : null,
    raw: image,
  };
}

export function imageFromInspect(image: DockerImageInspect, runtime: string): ImageRecord {
  return {
    kind: 'image',
    runtime,
    id: image.Id,
    repoTags: realNames(image.RepoTags),
    digests: realNames(image.RepoDigests),
    size: typeof image.Size === 'number' && image.Size >= 0 ? image.Size : null,
    createdAt: parseDockerTime(image.Created),
    raw: image,
  };
}
