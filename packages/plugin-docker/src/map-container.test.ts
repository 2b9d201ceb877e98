import { describe, expect, it } from 'vitest';
import type { DockerContainerInspect, DockerContainerSummary } from './docker-types.ts';
import { containerFromInspect, containerFromSummary, mapDockerStatus, parseDockerTime } from './map-container.ts';
import { imageFromInspect, imageFromSummary } from './map-image.ts';

describe('mapDockerStatus', () => {
  it.each([
    ['created', 'created'],
    ['running', 'running'],
    ['paused', 'paused'],
    ['exited', 'exited'],
    ['dead', 'exited'],
    ['restarting', 'running'],
    ['removing', 'unknown'],
    [undefined, 'unknown'],
  ])('%s → %s', (docker, icr) => {
    expect(mapDockerStatus(docker)).toBe(icr);
  });
});

describe('parseDockerTime', () => {
  it('treats Go zero time as unknown', () => {
    expect(parseDockerTime('0001-01-01T00:00:00Z')).toBeNull();
    expect(parseDockerTime('')).toBeNull();
  });
  it('parses nanosecond timestamps', () => {
    expect(parseDockerTime('2026-11-26T07:50:30.863221177Z')?.toISOString()).toBe('2026-11-26T07:50:30.863Z');
  });
});

// From GET /containers/json?all=1 on dockerd 20.10.
const exitedSummary: DockerContainerSummary = {
  Id: '1e8080e9b89b5758616f64e48f26a081cc51c4d17f12912f6dfe0e6851db7859',
  Names: ['/web', '/proxy/web-link'],
  Image: '127.0.0.1:5055/icr/busybox:latest',
  ImageID: 'sha256:cc63b5a8f4f5a7523e14452ec95cfdb21cc9769d432e7d92164f75fe021cba9b',
  Command: 'sh -c exit 3',
  Created: 1795679178,
  State: 'exited',
  Status: 'Exited (3) 2 minutes ago',
  Labels: { app: 'web' },
  HostConfig: { NetworkMode: 'none' },
};

describe('containerFromSummary', () => {
  it('maps a list entry without a security block', () => {
    const record = containerFromSummary(exitedSummary, 'docker-test');
    expect(record).toMatchObject({
      kind: 'container',
      runtime: 'docker-test',
      id: exitedSummary.Id,
      name: 'web',
      image: '127.0.0.1:5055/icr/busybox:latest',
      imageId: exitedSummary.ImageID,
      status: 'exited',
      exitCode: 3,
      pid: null,
      labels: { app: 'web' },
      command: ['sh', '-c', 'exit', '3'],
      podId: null,
      security: null,
      startedAt: null,
    });
    expect(record.createdAt?.getTime()).toBe(1795679178 * 1000);
    expect(record.raw).toBe(exitedSummary);
  });

  it('has no exit code while running', () => {
    const record = containerFromSummary({ ...exitedSummary, State: 'running', Status: 'Up 2 minutes' }, 'docker');
    expect(record.exitCode).toBeNull();
    expect(record.status).toBe('running');
  });

  it('copes with an engine that leaves fields out', () => {
    const record = containerFromSummary({ Id: 'abc', Names: null, Labels: null }, 'docker');
    expect(record).toMatchObject({
      id: 'abc',
      name: '',
      image: '',
      imageId: null,
      labels: {},
      command: [],
      createdAt: null,
    });
  });
});

const runningInspect: DockerContainerInspect = {
  Id: 'aaaabbbb',
  Created: '2026-11-26T07:50:30.863221177Z',
  Path: 'sh',
  Args: ['-c', 'echo "a b"; sleep 100'],
  Image: 'sha256:cc63',
  Name: '/web',
  State: {
    Status: 'running',
    Running: true,
    Pid: 4242,
    ExitCode: 0,
    StartedAt: '2026-11-26T07:50:31.000000001Z',
    FinishedAt: '0001-01-01T00:00:00Z',
  },
  Config: { User: '', Image: '127.0.0.1:5055/icr/busybox:latest', Labels: { tier: 'front' } },
  HostConfig: { NetworkMode: 'none' },
};

describe('containerFromInspect', () => {
  it('maps state, times and the exact argv', () => {
    const record = containerFromInspect(runningInspect, 'docker');
    expect(record).toMatchObject({
      id: 'aaaabbbb',
      name: 'web',
      image: '127.0.0.1:5055/icr/busybox:latest',
      imageId: 'sha256:cc63',
      status: 'running',
      exitCode: null,
      pid: 4242,
      labels: { tier: 'front' },
      command: ['sh', '-c', 'echo "a b"; sleep 100'],
      finishedAt: null,
      podId: null,
    });
    expect(record.startedAt?.toISOString()).toBe('2026-11-26T07:50:31.000Z');
    expect(record.security?.namespaces.hostNetwork).toBe(false);
  });

  it('reports the exit code and drops the pid once exited', () => {
    const record = containerFromInspect(
      {
        ...runningInspect,
        State: {
          ...runningInspect.State,
          Status: 'exited',
          Running: false,
          Pid: 0,
          ExitCode: 137,
          FinishedAt: '2026-11-26T08:00:00Z',
        },
      },
      'docker',
    );
    expect(record).toMatchObject({ status: 'exited', exitCode: 137, pid: null });
    expect(record.finishedAt?.toISOString()).toBe('2026-11-26T08:00:00.000Z');
  });
});

describe('image mapping', () => {
  it('drops <none> placeholders and converts times', () => {
    const summary = imageFromSummary(
      { Id: 'sha256:1', RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'], Size: 10, Created: 946684800 },
      'docker',
    );
    expect(summary).toMatchObject({ repoTags: [], digests: [], size: 10 });
    expect(summary.createdAt?.toISOString()).toBe('2000-01-01T00:00:00.000Z');
    const inspected = imageFromInspect(
      { Id: 'sha256:2', RepoTags: ['a:1'], RepoDigests: null, Size: 5, Created: '0001-01-01T00:00:00Z' },
      'docker',
    );
    expect(inspected).toMatchObject({ id: 'sha256:2', repoTags: ['a:1'], digests: [], createdAt: null });
  });
});
