import { describe, expect, it } from 'vitest';
import { unreachable } from './errors.ts';

describe('unreachable', () => {
  it('names the endpoint and says what to check', () => {
    const error = unreachable('unix:///x.sock', { runtime: 'docker', detail: 'socket not found' });
    expect(error).toMatchObject({ code: 'unreachable', runtime: 'docker' });
    expect(error.message).toBe('cannot reach unix:///x.sock (socket not found)');
    expect(error.hint).toContain('unix:///x.sock');
  });

  it("says gRPC's connection failures in words", () => {
    const grpc = (code: string) =>
      unreachable('unix:///x.sock', {
        detail: `No connection established. Last error: Error: connect ${code} /x.sock. Resolution note: `,
      }).message;
    expect(grpc('ENOENT')).toBe('cannot reach unix:///x.sock (socket not found)');
    expect(grpc('ECONNREFUSED')).toBe('cannot reach unix:///x.sock (connection refused: nothing is listening)');
    expect(grpc('EACCES')).toBe('cannot reach unix:///x.sock (permission denied)');
    // Anything else passes through as it is.
    expect(unreachable('x', { detail: 'connect EWHATEVER' }).message).toBe('cannot reach x (connect EWHATEVER)');
  });
});
