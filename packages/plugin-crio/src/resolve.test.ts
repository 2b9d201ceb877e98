import { isIcrError } from '@icr/core';
import { describe, expect, it } from 'vitest';
import type { Container, Image } from './cri-types.ts';
import { normalizeImageRef, pickImage } from './images.ts';
import { pickContainer } from './resolve.ts';

const container = (id: string, name: string, pod = 'p1'): Container => ({
  id,
  pod_sandbox_id: pod,
  metadata: { name, attempt: 0 },
  image: { image: 'busybox' },
  image_ref: '',
  state: 'CONTAINER_RUNNING',
  created_at: '0',
  labels: {},
  annotations: {},
});

const containers = [container('aaaa1111', 'web'), container('aaaa2222', 'db'), container('bbbb3333', 'web', 'p2')];

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('pickContainer', () => {
  it('prefers a full id, then a unique id prefix', () => {
    expect(pickContainer(containers, 'aaaa2222', 'crio').metadata?.name).toBe('db');
    expect(pickContainer(containers, 'bbbb', 'crio').id).toBe('bbbb3333');
  });

  it('finds a unique name', () => {
    expect(pickContainer(containers, 'db', 'crio').id).toBe('aaaa2222');
  });

  it('reports an ambiguous name or prefix as a conflict listing the candidates', () => {
    const error = caught(() => pickContainer(containers, 'web', 'crio'));
    expect(isIcrError(error, 'conflict')).toBe(true);
    expect((error as Error).message).toContain('aaaa1111');
    expect((error as Error).message).toContain('bbbb3333');
    expect(
      isIcrError(
        caught(() => pickContainer(containers, 'aaaa', 'crio')),
        'conflict',
      ),
    ).toBe(true);
  });

  it('says not-found with the runtime name', () => {
    const error = caught(() => pickContainer(containers, 'nope', 'crio'));
    expect(isIcrError(error, 'not-found')).toBe(true);
    expect((error as { runtime: string }).runtime).toBe('crio');
  });
});

describe('images', () => {
  it('normalizes short references the way runtimes store them', () => {
    expect(normalizeImageRef('busybox')).toBe('docker.io/library/busybox:latest');
    expect(normalizeImageRef('me/app:1')).toBe('docker.io/me/app:1');
    expect(normalizeImageRef('127.0.0.1:5055/icr/busybox')).toBe('127.0.0.1:5055/icr/busybox:latest');
    expect(normalizeImageRef('localhost/x@sha256:abc')).toBe('localhost/x@sha256:abc');
  });

  const image = (id: string, tags: string[]): Image => ({
    id,
    repo_tags: tags,
    repo_digests: [],
    size: '1',
    uid: null,
    username: '',
    spec: null,
    pinned: false,
  });
  const images = [
    image('sha256:aaaa1111', ['docker.io/library/busybox:latest']),
    image('sha256:aaaa2222', ['127.0.0.1:5055/icr/x:1', '127.0.0.1:5055/icr/x:2']),
  ];

  it('resolves by id, bare id, tag, short tag and id prefix', () => {
    expect(pickImage(images, 'sha256:aaaa1111', 'crio')).toEqual({ image: images[0], byTag: false });
    expect(pickImage(images, 'aaaa2222', 'crio').image).toBe(images[1]);
    expect(pickImage(images, 'busybox', 'crio')).toEqual({ image: images[0], byTag: true });
    expect(pickImage(images, '127.0.0.1:5055/icr/x:2', 'crio').image).toBe(images[1]);
    expect(pickImage(images, 'aaaa1', 'crio').image).toBe(images[0]);
  });

  it('rejects ambiguous prefixes and unknown refs with typed errors', () => {
    expect(
      isIcrError(
        caught(() => pickImage(images, 'aaaa', 'crio')),
        'conflict',
      ),
    ).toBe(true);
    expect(
      isIcrError(
        caught(() => pickImage(images, 'alpine', 'crio')),
        'not-found',
      ),
    ).toBe(true);
  });
});
