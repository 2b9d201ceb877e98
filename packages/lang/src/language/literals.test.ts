import { describe, expect, it } from 'vitest';
import { classifyWord, parseDuration, resolveEscapes } from './literals.ts';

describe('classifyWord', () => {
  it('tells numbers, sizes, durations and strings apart', () => {
    expect(classifyWord('42')).toEqual({ kind: 'Number', value: 42 });
    expect(classifyWord('-1.5')).toEqual({ kind: 'Number', value: -1.5 });
    expect(classifyWord('.5')).toEqual({ kind: 'Number', value: 0.5 });
    expect(classifyWord('10MB')).toEqual({ kind: 'Size', bytes: 10_000_000 });
    expect(classifyWord('1.5GiB')).toEqual({ kind: 'Size', bytes: 1.5 * 1024 ** 3 });
    expect(classifyWord('3mb')).toEqual({ kind: 'Size', bytes: 3_000_000 });
    expect(classifyWord('5s')).toEqual({ kind: 'Duration', milliseconds: 5000 });
    expect(classifyWord('2M')).toEqual({ kind: 'Duration', milliseconds: 120_000 });
    for (const text of [
      'web',
      '127.0.0.1:5055/x',
      '1.2.3',
      '10XB',
      '5sx',
      '1h30',
      'sha256:abc',
      '-',
      '-x',
      '0x10',
      '',
    ]) {
      expect(classifyWord(text), text).toEqual({ kind: 'String' });
    }
  });
});

describe('parseDuration', () => {
  it('adds compound parts and rejects anything else', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1d2h3m4s5ms')).toBe(86_400_000 + 7_200_000 + 180_000 + 4000 + 5);
    expect(parseDuration('250us')).toBe(0.25);
    expect(parseDuration('5 s')).toBeNull();
    expect(parseDuration('s')).toBeNull();
    expect(parseDuration('')).toBeNull();
  });
});

describe('resolveEscapes', () => {
  it('resolves known escapes and reports unknown ones', () => {
    const problems: Array<{ offset: number; message: string }> = [];
    expect(resolveEscapes(String.raw`a\nb\t\"\\\$\q`, problems, 10)).toBe('a\nb\t"\\$\\q');
    expect(problems).toEqual([{ offset: 22, message: String.raw`unknown escape \q; write \\ for a backslash` }]);
  });
});
