import { describe, expect, it } from 'vitest';
import { compareValues, contains, getPath, isTruthy, matchesRegex, sortCompare, valuesEqual } from './values.ts';

describe('values', () => {
  it('reads nested and quoted paths, and maps over lists', () => {
    const record = { labels: { 'a.b': 'x', app: 'web' }, list: [{ n: 1 }, { n: 2 }] };
    expect(getPath(record, ['labels', 'a.b'])).toBe('x');
    expect(getPath(record, ['labels', 'missing'])).toBeNull();
    expect(getPath(record, ['list', 'n'])).toEqual([1, 2]);
    expect(getPath(record, ['list', '1', 'n'])).toBe(2);
    expect(getPath(null, ['x'])).toBeNull();
  });

  it('compares numbers, strings, dates and durations', () => {
    expect(valuesEqual('running', 'running')).toBe(true);
    expect(valuesEqual(3, '3')).toBe(true);
    expect(valuesEqual(null, null)).toBe(true);
    expect(valuesEqual(null, 'x')).toBe(false);
    expect(compareValues(10_000_000, 1_000_000)).toBe(1);
    expect(compareValues('a', 'b')).toBe(-1);
    expect(compareValues(null, 1)).toBeNull();
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    // A date against a duration compares its age.
    expect(compareValues(twoHoursAgo, 3_600_000, true)).toBe(1);
    expect(compareValues(twoHoursAgo, 3 * 3_600_000, true)).toBe(-1);
    expect(compareValues(new Date('2026-01-02'), '2026-01-01')).toBe(1);
  });

  it('sorts nulls last', () => {
    expect([3, null, 1].sort(sortCompare)).toEqual([1, 3, null]);
  });

  it('matches JS regular expressions and membership', () => {
    expect(matchesRegex('api-7', '^api-\\d$')).toBe(true);
    expect(matchesRegex(null, '.')).toBe(false);
    expect(() => matchesRegex('x', '(')).toThrow(/invalid regular expression/);
    expect(contains(['a', 'b'], 'b')).toBe(true);
    expect(contains({ app: 'x' }, 'app')).toBe(true);
    expect(contains('hello', 'ell')).toBe(true);
  });

  it('has shell-like truthiness', () => {
    expect([null, false, 0, '', []].map(isTruthy)).toEqual([false, false, false, false, false]);
    expect([true, 1, 'x', [0], {}].map(isTruthy)).toEqual([true, true, true, true, true]);
  });
});
