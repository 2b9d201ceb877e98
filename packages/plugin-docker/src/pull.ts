import type { ImageRecord, PullOptions, PullProgress } from '@icr/core';
import type { DockerImageInspect } from './docker-types.ts';
import { errorFromStreamMessage } from './errors.ts';
import { splitImageRef } from './image-ref.ts';
import { jsonLines } from './json-lines.ts';
import { imageFromInspect } from './map-image.ts';
import { refPath } from './paths.ts';
import type { DockerTransport } from './transport.ts';

interface PullMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

export function progressFromMessage(message: PullMessage): PullProgress | null {
  if (!message.status) return null;
  return {
    id: message.id ?? null,
    status: message.status,
    current: message.progressDetail?.current ?? null,
    total: message.progressDetail?.total ?? null,
  };
}

/**
 * `POST /images/create` answers 200 at once and then streams progress; a
 * failure (unknown image, registry down) arrives as an `error` line in that
 * stream, so the stream must be read to the end to know whether it worked.
 */
export async function pullImage(
  transport: DockerTransport,
  ref: string,
  options: PullOptions = {},
): Promise<ImageRecord> {
  const { fromImage, tag } = splitImageRef(ref);
  const subject = { kind: 'image' as const, ref };
  const request = {
    method: 'POST' as const,
    path: '/images/create',
    query: { fromImage, tag },
    signal: options.signal,
    subject,
    longLived: true,
  };
  const response = await transport.request(request);
  for await (const value of jsonLines(transport.chunks(response.body, request))) {
    const message = value as PullMessage;
    const failure = message.errorDetail?.message || message.error;
    if (failure) {
      response.body.destroy();
      throw errorFromStreamMessage(failure, transport.errorContext(subject));
    }
    const progress = progressFromMessage(message);
    if (progress) options.onProgress?.(progress);
  }
  const pulledRef = tag.includes(':') ? `${fromImage}@${tag}` : `${fromImage}:${tag}`;
  const image = await transport.json<DockerImageInspect>({
    method: 'GET',
    path: `/images/${refPath(pulledRef)}/json`,
    signal: options.signal,
    subject,
  });
  return imageFromInspect(image, transport.runtime);
}
