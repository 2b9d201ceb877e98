import { open } from 'node:fs/promises';
import type { LogEntry } from '@icr/core';

/** Parses one `<timestamp> <stream> <line>` record written by the supervisor. */
export function parseLogLine(text: string): LogEntry | null {
  const first = text.indexOf(' ');
  const second = first < 0 ? -1 : text.indexOf(' ', first + 1);
  if (first < 0) return null;
  const stream = text.slice(first + 1, second < 0 ? undefined : second);
  if (stream !== 'stdout' && stream !== 'stderr') return null;
  const timestamp = new Date(text.slice(0, first));
  return {
    stream,
    line: second < 0 ? '' : text.slice(second + 1),
    timestamp: Number.isNaN(timestamp.getTime()) ? null : timestamp,
  };
}

export interface ReadLogOptions {
  tail?: number | undefined;
  since?: Date | undefined;
  follow?: boolean | undefined;
  signal?: AbortSignal | undefined;
  /** Polled while following: true once no more lines can come. */
  finished: () => Promise<boolean>;
  onAbort: () => Error;
}

const POLL_MS = 150;

/** Reads the log file, then (with follow) keeps reading new lines until `finished()` says the writer is gone. */
export async function* readLog(file: string, options: ReadLogOptions): AsyncGenerator<LogEntry> {
  const accept = (entry: LogEntry | null): entry is LogEntry =>
    entry !== null && (!options.since || (entry.timestamp !== null && entry.timestamp >= options.since));
  let handle: Awaited<ReturnType<typeof open>> | null = null;
  let position = 0;
  let partial = '';
  const readNew = async (): Promise<LogEntry[]> => {
    handle ??= await open(file, 'r').catch(() => null);
    if (!handle) return [];
    const entries: LogEntry[] = [];
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const lines = (partial + buffer.toString('utf8', 0, bytesRead)).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const entry = parseLogLine(line);
        if (accept(entry)) entries.push(entry);
      }
    }
    return entries;
  };
  try {
    if (options.signal?.aborted) throw options.onAbort();
    let initial = await readNew();
    if (options.tail !== undefined) initial = options.tail <= 0 ? [] : initial.slice(-options.tail);
    yield* initial;
    if (!options.follow) return;
    for (;;) {
      // Ask first, read after: lines written before the writer finished are never lost.
      const done = await options.finished();
      yield* await readNew();
      if (done) return;
      await sleep(POLL_MS, options.signal);
      if (options.signal?.aborted) throw options.onAbort();
    }
  } finally {
    await (handle as Awaited<ReturnType<typeof open>> | null)?.close();
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
