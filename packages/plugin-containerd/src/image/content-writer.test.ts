import { describe, expect, it } from 'vitest';
import { rechunk } from './content-writer.ts';

async function collect(pieces: number[], size: number) {
  let value = 0;
  async function* source() {
    for (const length of pieces) yield Uint8Array.from({ length }, () => value++ % 256);
  }
  const out: Buffer[] = [];
  for await (const chunk of rechunk(source(), size)) out.push(chunk);
  return out;
}

describe('rechunk', () => {
  it('regroups small pieces into messages of the given size, keeping the bytes in order', async () => {
    const out = await collect([3, 3, 3, 3], 5);
    expect(out.map((b) => b.length)).toEqual([5, 5, 2]);
    expect([...Buffer.concat(out)]).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('splits pieces bigger than the size', async () => {
    expect((await collect([12], 5)).map((b) => b.length)).toEqual([5, 5, 2]);
  });

  it('yields nothing for an empty source', async () => {
    expect(await collect([], 5)).toEqual([]);
  });
});
