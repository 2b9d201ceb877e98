import { describe, expect, it } from 'vitest';
import { runLimited } from './bulk.ts';
import { toBytes, toDurationMs, toKeyValues } from './coerce.ts';

describe('argument coercion', () => {
  it('reads durations and sizes from literals and text', () => {
    expect(toDurationMs(1500)).toBe(1500);
    expect(toDurationMs('5s')).toBe(5000);
    expect(toDurationMs('2m')).toBe(120_000);
    expect(toDurationMs('10')).toBe(10_000);
    expect(() => toDurationMs('soon')).toThrow(/invalid duration/);
    expect(toBytes('64MB')).toBe(64_000_000);
    expect(toBytes('1GiB')).toBe(1024 ** 3);
    expect(() => toBytes('lots')).toThrow(/invalid size/);
  });

  it('reads KEY=VALUE lists, keeping = in values', () => {
    expect(toKeyValues(['A=1', 'B=x=y'], '--env')).toEqual({ A: '1', B: 'x=y' });
    expect(() => toKeyValues(['nope'], '--env')).toThrow(/KEY=VALUE/);
  });
});

describe('runLimited', () => {
  it('never runs more than the limit at once and keeps input order', async () => {
    let active = 0;
    let peak = 0;
    const results = runLimited([5, 1, 4, 2, 3], 2, async (value) => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, value));
      active -= 1;
      return value * 10;
    });
    expect(await Promise.all(results)).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});
