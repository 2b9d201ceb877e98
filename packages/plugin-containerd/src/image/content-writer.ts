import { isIcrError } from '@icr/core';
import type { CallOptions, ContainerdConnection } from '../grpc/connection.ts';
import type { WriteContentRequest, WriteContentResponse } from '../grpc/messages.ts';
import { randomSuffix } from '../ids.ts';

/** Well under gRPC's default 4 MiB message limit. */
const CHUNK_BYTES = 1024 * 1024;

export interface BlobToWrite {
  digest: string;
  size: number;
  /** GC references and other labels, set on commit. */
  labels: Record<string, string>;
  open: () => Promise<AsyncIterable<Uint8Array>> | AsyncIterable<Uint8Array>;
  onProgress?: (written: number) => void;
}

/**
 * Stores a blob through the Content.Write stream (STAT, WRITE chunks, COMMIT
 * with the expected digest and size), unless the store already has it, in
 * which case only its labels are updated. Returns whether bytes were written.
 */
export async function writeBlob(
  connection: ContainerdConnection,
  blob: BlobToWrite,
  options: CallOptions,
): Promise<boolean> {
  if (await hasContent(connection, blob.digest, options)) {
    await updateLabels(connection, blob.digest, blob.labels, options);
    return false;
  }
  const ref = `icr-${blob.digest.replace(':', '-')}-${randomSuffix()}`;
  const stream = connection.duplex<WriteContentRequest, WriteContentResponse>('content', 'Write', options);
  const responses = collectResponses(stream);
  // A failed stream may never call back a write: race each write against the stream's end.
  const ended = responses.then(() => {
    throw new Error(`content write of ${blob.digest} ended early`);
  });
  ended.catch(() => undefined);
  const send = (message: WriteContentRequest) =>
    Promise.race([
      new Promise<void>((resolve, reject) => {
        stream.write(message, (error: Error | null | undefined) => (error ? reject(error) : resolve()));
      }),
      ended,
    ]);
  try {
    await send({ action: 'STAT', ref });
    let offset = 0;
    for await (const data of rechunk(await blob.open(), CHUNK_BYTES)) {
      await send({ action: 'WRITE', ref, offset, data });
      offset += data.byteLength;
      blob.onProgress?.(offset);
    }
    await send({ action: 'COMMIT', ref, offset, total: blob.size, expected: blob.digest, labels: blob.labels });
    stream.end();
    const last = (await responses).at(-1);
    if (last?.action !== 'COMMIT') throw new Error(`content write of ${blob.digest} ended without a commit`);
    return true;
  } catch (error) {
    stream.cancel();
    await responses.catch(() => undefined);
    const mapped = connection.mapError(error, 'content', 'Write', blob.digest);
    // Someone committed the same blob meanwhile: the content is there, only our labels are missing.
    if (isIcrError(mapped, 'conflict') && (await hasContent(connection, blob.digest, {}))) {
      await updateLabels(connection, blob.digest, blob.labels, options);
      return false;
    }
    await connection.call('content', 'Abort', { ref }, { lease: options.lease }).catch(() => undefined);
    throw mapped;
  }
}

/** Registry streams arrive in small pieces: send them as messages of up to `size` bytes. */
export async function* rechunk(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of source) {
    let rest = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (pendingBytes + rest.byteLength >= size) {
      const take = size - pendingBytes;
      yield Buffer.concat([...pending, rest.subarray(0, take)]);
      rest = rest.subarray(take);
      pending = [];
      pendingBytes = 0;
    }
    if (rest.byteLength > 0) {
      pending.push(rest);
      pendingBytes += rest.byteLength;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}

function collectResponses(stream: NodeJS.EventEmitter): Promise<WriteContentResponse[]> {
  return new Promise((resolve, reject) => {
    const responses: WriteContentResponse[] = [];
    stream.on('data', (response: WriteContentResponse) => responses.push(response));
    stream.on('error', reject);
    stream.on('end', () => resolve(responses));
  });
}

async function hasContent(connection: ContainerdConnection, digest: string, options: CallOptions): Promise<boolean> {
  try {
    await connection.call('content', 'Info', { digest }, { signal: options.signal });
    return true;
  } catch (error) {
    if (isIcrError(error, 'not-found')) return false;
    throw error;
  }
}

async function updateLabels(
  connection: ContainerdConnection,
  digest: string,
  labels: Record<string, string>,
  options: CallOptions,
) {
  const paths = Object.keys(labels).map((key) => `labels.${key}`);
  if (paths.length === 0) return;
  await connection.call(
    'content',
    'Update',
    { info: { digest, labels }, updateMask: { paths } },
    { ...options, subject: digest },
  );
}
