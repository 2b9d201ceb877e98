import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LogEntry } from '@icr/core';

/**
 * The CRI container log format, one record per line:
 * `<RFC3339Nano timestamp> <stdout|stderr> <P|F> <message>`.
 * A `P` (partial) record continues in the next record of the same stream;
 * `F` ends the line. Runtimes split long lines this way.
 */
export interface CriLogRecord {
  timestamp: Date | null;
  stream: 'stdout' | 'stderr';
  partial: boolean;
  message: string;
}

const RECORD = /^(\S+) (stdout|stderr) (?:([PF])(?:[^ ]*)? )?(.*)$/;

export function parseCriLogLine(line: string): CriLogRecord | null {
  const match = RECORD.exec(line);
  if (!match) return null;
  return {
    timestamp: parseRfc3339Nano(match[1]!),
    stream: match[2] as 'stdout' | 'stderr',
    // Old runtimes wrote no tag; such a record is a full line.
    partial: match[3] === 'P',
    message: match[4] ?? '',
  };
}

/** Date keeps milliseconds: cut the nanosecond fraction to three digits before parsing. */
export function parseRfc3339Nano(text: string): Date | null {
  const normalized = text.replace(/\.(\d{1,9})/, (_, fraction: string) => `.${fraction.padEnd(3, '0').slice(0, 3)}`);
  const date = new Date(normalized);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Joins partial records into whole lines, per stream (stdout and stderr may interleave). */
export class CriLogAssembler {
  private readonly pending = new Map<'stdout' | 'stderr', { timestamp: Date | null; parts: string[] }>();

  /** Feeds one raw file line; returns the finished entry, if this record completes one. */
  push(line: string): LogEntry | null {
    const record = parseCriLogLine(line);
    if (!record) return null;
    const open = this.pending.get(record.stream);
    if (record.partial) {
      if (open) open.parts.push(record.message);
      else this.pending.set(record.stream, { timestamp: record.timestamp, parts: [record.message] });
      return null;
    }
    this.pending.delete(record.stream);
    return {
      stream: record.stream,
      line: open ? open.parts.join('') + record.message : record.message,
      timestamp: open ? open.timestamp : record.timestamp,
    };
  }

  /** Lines still open when the log ends (the container died mid-line). */
  flush(): LogEntry[] {
    const entries = [...this.pending].map(([stream, open]) => ({
      stream,
      line: open.parts.join(''),
      timestamp: open.timestamp,
    }));
    this.pending.clear();
    return entries;
  }
}

/** Parses a whole CRI log text (complete lines) into entries. */
export function parseCriLog(text: string): LogEntry[] {
  const assembler = new CriLogAssembler();
  const entries: LogEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const entry = assembler.push(line);
    if (entry) entries.push(entry);
  }
  return entries;
}

export interface ReadCriLogOptions {
  tail?: number | undefined;
  since?: Date | undefined;
  follow?: boolean | undefined;
  signal?: AbortSignal | undefined;
  /** Asked while following: once it says false, the rest of the file is read and the stream ends. */
  isRunning?: () => Promise<boolean>;
  pollMs?: number;
}

const CHUNK_BYTES = 64 * 1024;

/** Streams a CRI log file as entries: backlog (since/tail applied), then new lines while following. */
export async function* readCriLogFile(path: string, options: ReadCriLogOptions = {}): AsyncGenerator<LogEntry> {
  const { since, signal } = options;
  const pollMs = options.pollMs ?? 200;
  const assembler = new CriLogAssembler();
  const decoder = new StringDecoder('utf8');
  let offset = 0;
  let carry = '';
  const keep = (entry: LogEntry) => !since || !entry.timestamp || entry.timestamp.getTime() >= since.getTime();

  /** Reads from offset to the current end; returns the entries of the complete lines. */
  const readMore = async (): Promise<LogEntry[]> => {
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    if (size < offset) {
      // Truncated or rotated: start over on the new file.
      offset = 0;
      carry = '';
    }
    if (size === offset) return [];
    const handle = await open(path, 'r');
    const entries: LogEntry[] = [];
    try {
      const buffer = Buffer.alloc(CHUNK_BYTES);
      while (offset < size) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, size - offset), offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
        const text = carry + decoder.write(buffer.subarray(0, bytesRead));
        const lines = text.split('\n');
        carry = lines.pop() ?? '';
        for (const line of lines) {
          const entry = line === '' ? null : assembler.push(line);
          if (entry && keep(entry)) entries.push(entry);
        }
      }
    } finally {
      await handle.close();
    }
    return entries;
  };

  let backlog = await readMore();
  if (options.tail !== undefined && options.tail >= 0) backlog = options.tail === 0 ? [] : backlog.slice(-options.tail);
  yield* backlog;
  if (!options.follow) return;

  for (;;) {
    if (signal?.aborted) return;
    const fresh = await readMore();
    yield* fresh;
    if (fresh.length > 0) continue;
    const running = options.isRunning ? await options.isRunning() : true;
    if (!running) {
      // The runtime may still be flushing the last lines when it reports the exit.
      yield* await readMore();
      if (carry !== '') {
        const entry = assembler.push(carry);
        carry = '';
        if (entry && keep(entry)) yield entry;
      }
      for (const entry of assembler.flush()) if (keep(entry)) yield entry;
      return;
    }
    try {
      await sleep(pollMs, undefined, { signal });
    } catch {
      return;
    }
  }
}
