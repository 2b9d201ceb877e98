import { describe, expect, it } from 'vitest';
import type { Process } from '../grpc/messages.ts';
import { taskLogPaths } from './log-files.ts';
import { signalNumber } from './task.ts';

describe('signalNumber', () => {
  it('reads names with or without SIG, in any case, and numbers', () => {
    expect(signalNumber('SIGTERM', 'c')).toBe(15);
    expect(signalNumber('kill', 'c')).toBe(9);
    expect(signalNumber('HUP', 'c')).toBe(1);
    expect(signalNumber('10', 'c')).toBe(10);
  });

  it('rejects unknown names as invalid-argument', () => {
    expect(() => signalNumber('SIGNOPE', 'c')).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
  });
});

describe('taskLogPaths', () => {
  const task = (stdout: string, stderr = ''): Process => ({
    containerId: '',
    id: 'c',
    pid: 1,
    status: 'RUNNING',
    stdout,
    stderr,
    exitStatus: 0,
    exitedAt: null,
  });

  it('reads a file:// URI as one file holding both streams', () => {
    expect(taskLogPaths(task('file:///var/log/c.log', 'file:///var/log/c.log'))).toEqual({
      stdout: '/var/log/c.log',
      stderr: '',
    });
  });

  it('takes plain paths as they are', () => {
    expect(taskLogPaths(task('/l/out', '/l/err'))).toEqual({ stdout: '/l/out', stderr: '/l/err' });
  });

  it('has nothing to read for FIFO-less, binary or null stdio', () => {
    expect(taskLogPaths(task(''))).toBeUndefined();
    expect(taskLogPaths(task('binary:///usr/bin/logger'))).toBeUndefined();
    expect(taskLogPaths(undefined)).toBeUndefined();
  });
});
