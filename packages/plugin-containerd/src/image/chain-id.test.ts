import { describe, expect, it } from 'vitest';
import { chainId, chainIds } from './chain-id.ts';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;
const C = `sha256:${'c'.repeat(64)}`;
// Expected values computed outside this code: printf '%s %s' "$parent" "$diffId" | sha256sum
const AB = 'sha256:ccd722928bd92476ba1745586fed6e45a102504185ad88cd89e01ff116fd146c';
const ABC = 'sha256:c1377126441fb2f5ec2c21ae2a60255331d639e830f0ee1b40a36e52d4c40588';

describe('chainIds', () => {
  it('is the diff id itself for a single layer', () => {
    expect(chainIds([A])).toEqual([A]);
    expect(chainId([A])).toBe(A);
  });

  it('hashes "parent diffId" for each further layer', () => {
    expect(chainIds([A, B, C])).toEqual([A, AB, ABC]);
    expect(chainId([A, B, C])).toBe(ABC);
  });

  it('depends on layer order', () => {
    expect(chainId([B, A])).not.toBe(chainId([A, B]));
  });

  it('rejects an image without layers', () => {
    expect(chainIds([])).toEqual([]);
    expect(() => chainId([])).toThrow(/at least one layer/);
  });
});
