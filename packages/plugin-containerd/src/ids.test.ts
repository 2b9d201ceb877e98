import { describe, expect, it } from 'vitest';
import { isValidId, newContainerId } from './ids.ts';

describe('container ids', () => {
  it("accepts what containerd's identifier rule accepts", () => {
    for (const id of ['web', 'a1', 'my-app.v2_x', 'A.B-C_D', 'x'.repeat(76)]) expect(isValidId(id)).toBe(true);
  });

  it('rejects empty, separated-at-the-edges, doubled separators, spaces and long ids', () => {
    for (const id of ['', '-a', 'a-', 'a..b', 'a b', 'a/b', 'x'.repeat(77)]) expect(isValidId(id)).toBe(false);
  });

  it('generates valid, distinct 64-hex ids', () => {
    const a = newContainerId();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(isValidId(a)).toBe(true);
    expect(newContainerId()).not.toBe(a);
  });
});
