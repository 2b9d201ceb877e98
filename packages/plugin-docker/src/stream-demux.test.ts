import { describe, expect, it } from 'vitest';
import { collectOutput, demultiplex, LineSplitter, rawStream, type StreamFrame } from './stream-demux.ts';

function frame(type: number, text: string | Buffer): Buffer {
  const payload = typeof text === 'string' ? Buffer.from(text) : text;
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

async function* chunksOf(buffer: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let offset = 0;
  for (const size of sizes) {
    yield buffer.subarray(offset, offset + size);
    offset += size;
  }
  if (offset < buffer.length) yield buffer.subarray(offset);
}

async function collect(frames: AsyncIterable<StreamFrame>): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = [];
  for await (const f of frames) out.push([f.stream, f.data.toString()]);
  return out;
}

describe('demultiplex', () => {
  const stream = Buffer.concat([
    frame(1, 'out one\n'),
    frame(2, 'err one\n'),
    frame(0, 'stdin echo'),
    frame(3, 'boom'),
  ]);

  it('splits frames that arrive in one chunk', async () => {
    expect(await collect(demultiplex(chunksOf(stream, [])))).toEqual([
      ['stdout', 'out one\n'],
      ['stderr', 'err one\n'],
      ['stdout', 'stdin echo'],
      ['system', 'boom'],
    ]);
  });

  it('reassembles frames whose header and payload are split across chunks', async () => {
    // 3 bytes: inside the first header; 10: inside the first payload; then byte by byte for a while.
    const sizes = [3, 10, 1, 1, 1, 1, 1, 1, 1, 1, 5];
    expect(await collect(demultiplex(chunksOf(stream, sizes)))).toEqual(
      await collect(demultiplex(chunksOf(stream, []))),
    );
  });

  it('skips empty frames', async () => {
    const input = Buffer.concat([frame(1, ''), frame(2, 'x')]);
    expect(await collect(demultiplex(chunksOf(input, [])))).toEqual([['stderr', 'x']]);
  });

  it('fails when the stream stops inside a frame', async () => {
    const truncated = frame(1, 'hello').subarray(0, 10);
    await expect(collect(demultiplex(chunksOf(truncated, [])))).rejects.toThrow(/ended inside a frame/);
  });

  it('treats a TTY stream as raw stdout', async () => {
    expect(await collect(rawStream(chunksOf(Buffer.from('a\nb'), [1])))).toEqual([
      ['stdout', 'a'],
      ['stdout', '\nb'],
    ]);
  });

  it('collects whole outputs per stream', async () => {
    const output = await collectOutput(demultiplex(chunksOf(stream, [7])));
    expect(output).toEqual({ stdout: 'out one\nstdin echo', stderr: 'err one\n', system: 'boom' });
  });
});

describe('LineSplitter', () => {
  it('joins partial lines per stream and keeps streams apart', () => {
    const splitter = new LineSplitter();
    expect(splitter.push({ stream: 'stdout', data: Buffer.from('hel') })).toEqual([]);
    expect(splitter.push({ stream: 'stderr', data: Buffer.from('warn\nmore') })).toEqual([
      { stream: 'stderr', line: 'warn' },
    ]);
    expect(splitter.push({ stream: 'stdout', data: Buffer.from('lo\r\nworld\n') })).toEqual([
      { stream: 'stdout', line: 'hello' },
      { stream: 'stdout', line: 'world' },
    ]);
    expect(splitter.flush()).toEqual([{ stream: 'stderr', line: 'more' }]);
  });

  it('does not break a multi-byte character split across frames', () => {
    const bytes = Buffer.from('héllo\n');
    const splitter = new LineSplitter();
    expect(splitter.push({ stream: 'stdout', data: bytes.subarray(0, 2) })).toEqual([]);
    expect(splitter.push({ stream: 'stdout', data: bytes.subarray(2) })).toEqual([{ stream: 'stdout', line: 'héllo' }]);
  });
});
