import { type LogEntry, type LogsOptions, runtimeError } from '@icr/core';
import type { DockerContainerInspect } from './docker-types.ts';
import { errorFromTransport } from './errors.ts';
import { refPath } from './paths.ts';
import { demultiplex, LineSplitter, rawStream, type StreamName } from './stream-demux.ts';
import type { DockerTransport } from './transport.ts';

/** `since` as the engine parses it: Unix seconds with a nanosecond fraction. */
export function sinceParam(since: Date | undefined): string | undefined {
  if (!since) return undefined;
  const ms = since.getTime();
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms - seconds * 1000) * 1_000_000;
  return `${seconds}.${String(nanos).padStart(9, '0')}`;
}

/** With `timestamps=1` every line starts with an RFC 3339 time (nanosecond precision) and a space. */
export function parseLogLine(stream: 'stdout' | 'stderr', text: string): LogEntry {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) ?/.exec(text);
  if (!match?.[1]) return { stream, line: text, timestamp: null };
  const timestamp = new Date(match[1]);
  if (Number.isNaN(timestamp.getTime())) return { stream, line: text, timestamp: null };
  return { stream, line: text.slice(match[0].length), timestamp };
}

/**
 * Lines from `/containers/{id}/logs`, demultiplexed per stream. When following,
 * the engine ends the response once the container stops, which ends the
 * iteration; aborting the signal tears the request down.
 */
export async function* containerLogs(
  transport: DockerTransport,
  ref: string,
  options: LogsOptions = {},
): AsyncGenerator<LogEntry> {
  const subject = { kind: 'container' as const, ref };
  // A TTY container's log is one raw stream, not multiplexed: ask which kind this is.
  const container = await transport.json<DockerContainerInspect>({
    method: 'GET',
    path: `/containers/${refPath(ref)}/json`,
    signal: options.signal,
    subject,
  });
  const request = {
    method: 'GET' as const,
    path: `/containers/${container.Id}/logs`,
    query: {
      stdout: true,
      stderr: true,
      timestamps: true,
      follow: options.follow === true,
      tail: options.tail === undefined ? 'all' : Math.max(0, Math.floor(options.tail)),
      since: sinceParam(options.since),
    },
    signal: options.signal,
    subject,
    longLived: true,
  };
  const response = await transport.request(request);
  const chunks = transport.chunks(response.body, request);
  const frames = container.Config?.Tty ? rawStream(chunks) : demultiplex(chunks);
  const splitter = new LineSplitter();
  const toEntry = (piece: { stream: StreamName; line: string }): LogEntry => {
    if (piece.stream === 'system') throw runtimeError(`logs of ${ref}: ${piece.line}`, { runtime: transport.runtime });
    return parseLogLine(piece.stream, piece.line);
  };
  try {
    for await (const frame of frames) {
      for (const piece of splitter.push(frame)) yield toEntry(piece);
    }
  } catch (error) {
    // e.g. a stream cut inside a frame: still a typed error naming the runtime.
    throw errorFromTransport(error, transport.errorContext(subject), options.signal);
  }
  for (const piece of splitter.flush()) yield toEntry(piece);
}
