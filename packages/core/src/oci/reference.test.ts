import { describe, expect, it } from 'vitest';
import { isIcrError } from '../errors.ts';
import { parseChallenge } from './auth.ts';
import { familiarName, parseImageReference } from './reference.ts';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseImageReference', () => {
  it('applies the docker.io defaults to a bare name', () => {
    const ref = parseImageReference('busybox');
    expect(ref).toMatchObject({
      registry: 'registry-1.docker.io',
      domain: 'docker.io',
      repository: 'library/busybox',
      tag: 'latest',
      digest: null,
      canonical: 'docker.io/library/busybox:latest',
    });
    expect(familiarName(ref)).toBe('busybox:latest');
  });

  it('keeps a docker.io user repository without library/', () => {
    expect(parseImageReference('someone/tool:1.2').canonical).toBe('docker.io/someone/tool:1.2');
    expect(parseImageReference('docker.io/someone/tool').repository).toBe('someone/tool');
    expect(parseImageReference('index.docker.io/busybox').canonical).toBe('docker.io/library/busybox:latest');
  });

  it('treats a first component with a port, a dot or localhost as the registry', () => {
    expect(parseImageReference('127.0.0.1:5055/icr/busybox:latest')).toMatchObject({
      registry: '127.0.0.1:5055',
      repository: 'icr/busybox',
      tag: 'latest',
      canonical: '127.0.0.1:5055/icr/busybox:latest',
    });
    expect(parseImageReference('localhost/x').registry).toBe('localhost');
    expect(parseImageReference('quay.io/a/b/c:v1')).toMatchObject({ registry: 'quay.io', repository: 'a/b/c' });
    expect(parseImageReference('[::1]:5000/img').registry).toBe('[::1]:5000');
  });

  it('distinguishes a port from a tag', () => {
    const ref = parseImageReference('localhost:5000/img');
    expect(ref).toMatchObject({ registry: 'localhost:5000', repository: 'img', tag: 'latest' });
  });

  it('parses digests, with and without a tag', () => {
    const byDigest = parseImageReference(`127.0.0.1:5055/icr/busybox@${DIGEST}`);
    expect(byDigest).toMatchObject({ tag: null, digest: DIGEST, canonical: `127.0.0.1:5055/icr/busybox@${DIGEST}` });
    const both = parseImageReference(`busybox:1.36@${DIGEST}`);
    expect(both).toMatchObject({ tag: '1.36', digest: DIGEST, canonical: `docker.io/library/busybox:1.36@${DIGEST}` });
  });

  it.each([
    '',
    'Busybox',
    'busybox:',
    'busybox:bad/tag',
    'busy box',
    'repo@sha256:1234',
    `repo@sha256:${'A'.repeat(64)}`,
    '127.0.0.1:5055/',
    'a//b',
    '-leading/dash',
    'ho$t.io/repo',
  ])('rejects %j as invalid-argument', (ref) => {
    let caught: unknown;
    try {
      parseImageReference(ref);
    } catch (error) {
      caught = error;
    }
    expect(isIcrError(caught, 'invalid-argument')).toBe(true);
    expect((caught as Error).message).toContain('invalid image reference');
  });
});

describe('parseChallenge', () => {
  it('reads a bearer challenge with quoted parameters', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/busybox:pull',
      },
    });
  });

  it('reads a basic challenge', () => {
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({
      scheme: 'basic',
      params: { realm: 'Registry Realm' },
    });
  });
});
