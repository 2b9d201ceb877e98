import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LogEntry, LogsOptions } from '@icr/core';
import type { PluginContext } from '../context.ts';
import { STDOUT_LOG_LABEL } from '../labels.ts';
import { containerLogPaths, taskLogPaths } from './log-files.ts';
import { findContainer, getTask } from './lookup.ts';

const FOLLOW_POLL_MS = 200;
type Stream = LogEntry['stream'];

/**
 * Reads the files the shim appends the task's output to. The shim writes raw
 * bytes without timestamps, so entries carry `timestamp: null`, `since`
 * cannot be applied, and without `follow` stdout lines come before stderr lines.
 * Containers started by other clients are read from their task's stdio
 * path when it is a file (`ctr run --log-uri file:///...`).
 */
export async function* readLogs(context: PluginContext, ref: string, options: LogsOptions): AsyncGenerator<LogEntry> {
  const container = await findContainer(context.connection, ref, options);
  const ours = container.labels[STDOUT_LOG_LABEL] !== undefined;
  const paths = ours
    ? containerLogPaths(context, container)
    : (taskLogPaths(await getTask(context.connection, container.id, options)) ?? containerLogPaths(context, container));
  const readers = [new LogReader(paths.stdout, 'stdout'), new LogReader(paths.stderr, 'stderr')];
  const first: LogEntry[] = [];
  for (const reader of readers) first.push(...(await reader.readNew(!options.follow)));
  const tail = options.tail;
  yield* tail === undefined ? first : tail <= 0 ? [] : first.slice(-tail);
  if (!options.follow) return;
  while (!options.signal?.aborted) {
    const task = await getTask(context.connection, container.id, { signal: options.signal }).catch(() => undefined);
    const live = task !== undefined && task.status !== 'STOPPED';
    for (const reader of readers) yield* await reader.readNew(!live);
    if (!live) return;
    await sleep(FOLLOW_POLL_MS, undefined, { signal: options.signal }).catch(() => undefined);
  }
}

/** Reads a growing file from where it left off, handing out whole lines. */
class LogReader {
  private offset = 0;
  private partial = '';
  private readonly path: string;
  private readonly stream: Stream;

  constructor(path: string, stream: Stream) {
    this.path = path;
    this.stream = stream;
  }

  /** New complete lines; with `final`, a last line without newline too. */
  async readNew(final: boolean): Promise<LogEntry[]> {
    let text = '';
    if (this.path === '') return [];
    try {
      const file = await open(this.path, 'r');
      try {
        const { size } = await file.stat();
        if (size > this.offset) {
          const buffer = Buffer.alloc(size - this.offset);
          const { bytesRead } = await file.read(buffer, 0, buffer.length, this.offset);
          this.offset += bytesRead;
          text = buffer.subarray(0, bytesRead).toString('utf8');
        }
      } finally {
        await file.close();
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    if (final && this.partial !== '') {
      lines.push(this.partial);
      this.partial = '';
    }
    return lines.map((line) => ({ stream: this.stream, line, timestamp: null }));
  }
}
