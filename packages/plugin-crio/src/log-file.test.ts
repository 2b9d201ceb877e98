import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CriLogAssembler, parseCriLog, parseCriLogLine, parseRfc3339Nano, readCriLogFile } from './log-file.ts';

describe('parseCriLogLine', () => {
  it('splits timestamp, stream, tag and message', () => {
    const record = parseCriLogLine('2026-11-26T07:51:38.067123456Z stdout F hello world');
    expect(record).toEqual({
      timestamp: new Date('2026-11-26T07:51:38.067Z'),
      stream: 'stdout',
      partial: false,
      message: 'hello world',
    });
  });

  it('marks P records partial and keeps their spaces', () => {
    const record = parseCriLogLine('2026-11-26T07:51:38.1Z stderr P  two  spaces ');
    expect(record?.partial).toBe(true);
    expect(record?.stream).toBe('stderr');
    expect(record?.message).toBe(' two  spaces ');
  });

  it('keeps an empty message', () => {
    expect(parseCriLogLine('2026-11-26T07:51:38Z stdout F ')?.message).toBe('');
  });

  it('rejects lines that are not CRI log records', () => {
    expect(parseCriLogLine('garbage')).toBeNull();
    expect(parseCriLogLine('2026-11-26T07:51:38Z console F x')).toBeNull();
  });
});

describe('parseRfc3339Nano', () => {
  it('reads nanosecond fractions and offsets', () => {
    expect(parseRfc3339Nano('2026-11-26T07:51:38.123456789Z')?.toISOString()).toBe('2026-11-26T07:51:38.123Z');
    expect(parseRfc3339Nano('2026-11-26T08:51:38.5+01:00')?.toISOString()).toBe('2026-11-26T07:51:38.500Z');
  });

  it('returns null for nonsense', () => {
    expect(parseRfc3339Nano('yesterday')).toBeNull();
  });
});

describe('CriLogAssembler', () => {
  it('joins partial records of one stream into one line, stamped with its first part', () => {
    const entries = parseCriLog(
      [
        '2026-11-26T00:00:01Z stdout P abc',
        '2026-11-26T00:00:02Z stderr F err line',
        '2026-11-26T00:00:03Z stdout P def',
        '2026-11-26T00:00:04Z stdout F ghi',
        '2026-11-26T00:00:05Z stdout F next',
        '',
      ].join('\n'),
    );
    expect(entries).toEqual([
      { stream: 'stderr', line: 'err line', timestamp: new Date('2026-11-26T00:00:02Z') },
      { stream: 'stdout', line: 'abcdefghi', timestamp: new Date('2026-11-26T00:00:01Z') },
      { stream: 'stdout', line: 'next', timestamp: new Date('2026-11-26T00:00:05Z') },
    ]);
  });

  it('flushes a line left open', () => {
    const assembler = new CriLogAssembler();
    expect(assembler.push('2026-11-26T00:00:01Z stdout P half')).toBeNull();
    expect(assembler.flush()).toEqual([
      { stream: 'stdout', line: 'half', timestamp: new Date('2026-11-26T00:00:01Z') },
    ]);
    expect(assembler.flush()).toEqual([]);
  });
});

describe('readCriLogFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'icr-crio-log-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const collect = async (iterable: AsyncIterable<{ line: string }>) => {
    const lines: string[] = [];
    for await (const entry of iterable) lines.push(entry.line);
    return lines;
  };

  it('applies tail and since to the backlog and skips an unfinished last line', async () => {
    const file = path.join(dir, '0.log');
    await writeFile(
      file,
      [
        '2026-11-26T00:00:01Z stdout F one',
        '2026-11-26T00:00:02Z stdout F two',
        '2026-11-26T00:00:03Z stderr F three',
        '2026-11-26T00:00:04Z stdout F four',
        '2026-11-26T00:00:05Z stdout F unfinished',
      ].join('\n'),
    );
    expect(await collect(readCriLogFile(file))).toEqual(['one', 'two', 'three', 'four']);
    expect(await collect(readCriLogFile(file, { tail: 2 }))).toEqual(['three', 'four']);
    expect(await collect(readCriLogFile(file, { tail: 0 }))).toEqual([]);
    expect(await collect(readCriLogFile(file, { since: new Date('2026-11-26T00:00:02Z') }))).toEqual([
      'two',
      'three',
      'four',
    ]);
  });

  it('yields nothing for a log file that does not exist yet', async () => {
    expect(await collect(readCriLogFile(path.join(dir, 'missing.log')))).toEqual([]);
  });

  it('follows appended lines until the container stops, then reads the rest', async () => {
    const file = path.join(dir, '0.log');
    await writeFile(file, '2026-11-26T00:00:01Z stdout F first\n');
    let polls = 0;
    const lines = await collect(
      readCriLogFile(file, {
        follow: true,
        pollMs: 5,
        isRunning: async () => {
          polls += 1;
          if (polls === 1) await writeFile(file, '2026-11-26T00:00:02Z stdout P sec\n', { flag: 'a' });
          if (polls === 2) {
            await writeFile(file, '2026-11-26T00:00:03Z stdout F ond\n2026-11-26T00:00:04Z stderr P cut', {
              flag: 'a',
            });
            return false;
          }
          return true;
        },
      }),
    );
    expect(lines).toEqual(['first', 'second', 'cut']);
  });

  it('stops following when the signal aborts', async () => {
    const file = path.join(dir, '0.log');
    await writeFile(file, '2026-11-26T00:00:01Z stdout F only\n');
    const controller = new AbortController();
    const lines = await collect(
      readCriLogFile(file, {
        follow: true,
        pollMs: 5,
        signal: controller.signal,
        isRunning: async () => {
          controller.abort();
          return true;
        },
      }),
    );
    expect(lines).toEqual(['only']);
  });
});
