import { StringDecoder } from 'node:string_decoder';

export type StreamName = 'stdout' | 'stderr' | 'system';

export interface StreamFrame {
  stream: StreamName;
  data: Buffer;
}

const HEADER_SIZE = 8;

/**
 * Splits docker's multiplexed stdio stream (logs and exec without a TTY) into
 * frames. Each frame is an 8-byte header `[stream, 0, 0, 0, size(uint32 BE)]`
 * followed by `size` bytes; stream 0 (stdin echoed) and 1 are stdout, 2 is
 * stderr, 3 is an error the daemon itself reports. Frames arrive split across
 * and merged within network chunks, so bytes are buffered until a frame is whole.
 */
export async function* demultiplex(source: AsyncIterable<Uint8Array>): AsyncGenerator<StreamFrame> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of source) {
    pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
    while (pending.length >= HEADER_SIZE) {
      const size = pending.readUInt32BE(4);
      if (pending.length < HEADER_SIZE + size) break;
      const data = pending.subarray(HEADER_SIZE, HEADER_SIZE + size);
      const stream = streamName(pending[0] ?? 1);
      pending = pending.subarray(HEADER_SIZE + size);
      if (data.length > 0) yield { stream, data };
    }
  }
  if (pending.length > 0) {
    throw new Error(`docker stream ended inside a frame (${pending.length} bytes left over)`);
  }
}

/** A TTY container's stream is not multiplexed: everything is stdout. */
export async function* rawStream(source: AsyncIterable<Uint8Array>): AsyncGenerator<StreamFrame> {
  for await (const chunk of source) {
    if (chunk.length > 0) yield { stream: 'stdout', data: Buffer.from(chunk) };
  }
}

function streamName(type: number): StreamName {
  if (type === 2) return 'stderr';
  if (type === 3) return 'system';
  return 'stdout';
}

/**
 * Reassembles lines per stream: a frame may hold several lines or part of one,
 * and a multi-byte character may straddle two frames.
 */
export class LineSplitter {
  private readonly decoders = new Map<StreamName, StringDecoder>();
  private readonly partial = new Map<StreamName, string>();

  /** Complete lines (without their newline) that this frame finished. */
  push(frame: StreamFrame): Array<{ stream: StreamName; line: string }> {
    let decoder = this.decoders.get(frame.stream);
    if (!decoder) {
      decoder = new StringDecoder('utf8');
      this.decoders.set(frame.stream, decoder);
    }
    const text = (this.partial.get(frame.stream) ?? '') + decoder.write(frame.data);
    const parts = text.split('\n');
    this.partial.set(frame.stream, parts.pop() ?? '');
    return parts.map((line) => ({ stream: frame.stream, line: stripCarriageReturn(line) }));
  }

  /** Whatever is left once the stream ended: an unterminated last line. */
  flush(): Array<{ stream: StreamName; line: string }> {
    const out: Array<{ stream: StreamName; line: string }> = [];
    for (const [stream, decoder] of this.decoders) {
      const rest = (this.partial.get(stream) ?? '') + decoder.end();
      if (rest.length > 0) out.push({ stream, line: stripCarriageReturn(rest) });
    }
    this.partial.clear();
    this.decoders.clear();
    return out;
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Collects a whole demultiplexed stream as text per stream (exec output). */
export async function collectOutput(frames: AsyncIterable<StreamFrame>): Promise<Record<StreamName, string>> {
  const buffers: Record<StreamName, Buffer[]> = { stdout: [], stderr: [], system: [] };
  for await (const frame of frames) buffers[frame.stream].push(frame.data);
  return {
    stdout: Buffer.concat(buffers.stdout).toString('utf8'),
    stderr: Buffer.concat(buffers.stderr).toString('utf8'),
    system: Buffer.concat(buffers.system).toString('utf8'),
  };
}
