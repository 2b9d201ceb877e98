import { describe, expect, it } from 'vitest';
import { toIcrError } from './errors.ts';

const context = { runtime: 'ctrd', endpoint: 'unix:///x.sock', action: 'Tasks.Start c1' };

describe('toIcrError', () => {
  it.each([
    [5, 'not-found'],
    [6, 'conflict'],
    [9, 'conflict'],
    [4, 'timeout'],
    [3, 'invalid-argument'],
    [12, 'unsupported'],
    [2, 'runtime-error'],
    [1, 'cancelled'],
  ])('maps gRPC code %i to %s, naming the runtime', (code, expected) => {
    const error = toIcrError({ code, details: 'boom' }, context);
    expect(error.code).toBe(expected);
    expect(error.runtime).toBe('ctrd');
  });

  it('treats a deadline containerd hit first (reported as Unknown) as a timeout', () => {
    expect(toIcrError({ code: 2, details: 'context deadline exceeded: unknown' }, context).code).toBe('timeout');
  });

  it('says what failed', () => {
    expect(toIcrError({ code: 5, details: 'container "c1" not found' }, context).message).toBe(
      'Tasks.Start c1: container "c1" not found',
    );
  });

  it('names the socket and what to check when containerd is unavailable', () => {
    const error = toIcrError({ code: 14, details: 'connect ENOENT /x.sock' }, context);
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('unix:///x.sock');
    expect(error.hint).toMatch(/containerd is running/);
  });
});
