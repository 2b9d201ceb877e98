import { describe, expect, it } from 'vitest';
import { canonicalImageName } from './name.ts';
import { repositoryOf } from './store.ts';

describe('canonicalImageName', () => {
  it('names images the way ctr and nerdctl store them', () => {
    expect(canonicalImageName('busybox', 'c')).toBe('docker.io/library/busybox:latest');
    expect(canonicalImageName('127.0.0.1:5055/icr/busybox', 'c')).toBe('127.0.0.1:5055/icr/busybox:latest');
    expect(canonicalImageName('127.0.0.1:5055/icr/busybox:1.0', 'c')).toBe('127.0.0.1:5055/icr/busybox:1.0');
  });

  it('reports bad references as invalid-argument from this runtime', () => {
    expect(() => canonicalImageName('Not Valid', 'ctrd')).toThrow(
      expect.objectContaining({ code: 'invalid-argument', runtime: 'ctrd' }),
    );
  });
});

describe('repositoryOf', () => {
  it('drops tag and digest but keeps a registry port', () => {
    expect(repositoryOf('127.0.0.1:5055/icr/busybox:latest')).toBe('127.0.0.1:5055/icr/busybox');
    expect(repositoryOf(`docker.io/library/busybox@sha256:${'a'.repeat(64)}`)).toBe('docker.io/library/busybox');
    expect(repositoryOf('localhost:5000/x')).toBe('localhost:5000/x');
  });
});
