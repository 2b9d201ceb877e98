import { describe, expect, it } from 'vitest';
import type { Container, ContainerStatusResponse, Image, PodSandbox } from './cri-types.ts';
import {
  containerRecordFromListing,
  containerRecordFromStatus,
  dateFromNanos,
  imageRecord,
  podRecord,
  stateFromStatus,
  statusFromState,
} from './mappers.ts';

const listing: Container = {
  id: 'c0ffee',
  pod_sandbox_id: 'pod123',
  metadata: { name: 'web', attempt: 0 },
  image: { image: '127.0.0.1:5055/icr/busybox:latest' },
  image_ref: 'sha256:abc',
  state: 'CONTAINER_EXITED',
  created_at: '1764143498067123456',
  labels: { app: 'web' },
  annotations: {},
};

function statusResponse(
  info: object | null,
  overrides: Partial<NonNullable<ContainerStatusResponse['status']>> = {},
): ContainerStatusResponse {
  const infoMap: Record<string, string> = info ? { info: JSON.stringify(info) } : {};
  return {
    status: {
      id: 'c0ffee',
      metadata: { name: 'web', attempt: 0 },
      state: 'CONTAINER_EXITED',
      created_at: '1764143498067123456',
      started_at: '1764143499000000000',
      finished_at: '1764143500500000000',
      exit_code: 3,
      image: { image: '127.0.0.1:5055/icr/busybox:latest' },
      image_ref: '127.0.0.1:5055/icr/busybox@sha256:def',
      reason: 'Error',
      message: '',
      labels: { app: 'web' },
      annotations: {},
      mounts: [],
      log_path: '/var/log/icr-pods/x/web/0.log',
      resources: null,
      ...overrides,
    },
    info: infoMap,
  };
}

describe('state mapping', () => {
  it('maps every CRI container state', () => {
    expect(statusFromState('CONTAINER_CREATED')).toBe('created');
    expect(statusFromState('CONTAINER_RUNNING')).toBe('running');
    expect(statusFromState('CONTAINER_EXITED')).toBe('exited');
    expect(statusFromState('CONTAINER_UNKNOWN')).toBe('unknown');
    expect(statusFromState(1)).toBe('running');
    expect(statusFromState('SOMETHING_NEW')).toBe('unknown');
  });

  it('pushes down every status except paused', () => {
    expect(stateFromStatus('running')).toBe('CONTAINER_RUNNING');
    expect(stateFromStatus('exited')).toBe('CONTAINER_EXITED');
    expect(stateFromStatus('paused')).toBeNull();
  });
});

describe('dateFromNanos', () => {
  it('turns nanoseconds (string, number or bigint) into a Date', () => {
    expect(dateFromNanos('1764143498067123456')?.toISOString()).toBe('2025-11-26T07:51:38.067Z');
    expect(dateFromNanos(1_000_000_000n)?.toISOString()).toBe('1970-01-01T00:00:01.000Z');
  });

  it('treats 0, empty and junk as unset', () => {
    expect(dateFromNanos('0')).toBeNull();
    expect(dateFromNanos('')).toBeNull();
    expect(dateFromNanos('abc')).toBeNull();
    expect(dateFromNanos(undefined)).toBeNull();
  });
});

describe('container records', () => {
  it('maps a listing without guessing what it does not say', () => {
    const record = containerRecordFromListing(listing, 'crio');
    expect(record).toMatchObject({
      kind: 'container',
      runtime: 'crio',
      id: 'c0ffee',
      name: 'web',
      image: '127.0.0.1:5055/icr/busybox:latest',
      imageId: 'sha256:abc',
      status: 'exited',
      startedAt: null,
      exitCode: null,
      podId: 'pod123',
      labels: { app: 'web' },
      security: null,
    });
    expect(record.createdAt?.toISOString()).toBe('2025-11-26T07:51:38.067Z');
  });

  it('maps a verbose status with containerd info: pid, command, security, pod namespaces', () => {
    const record = containerRecordFromStatus(
      statusResponse({
        pid: 4242,
        sandboxID: 'pod123',
        config: { linux: { security_context: { privileged: true } } },
        runtimeSpec: {
          process: { user: { uid: 1000, gid: 1000 }, args: ['sh', '-c', 'exit 3'], noNewPrivileges: true },
          root: { path: 'rootfs', readonly: true },
          linux: {
            namespaces: [
              { type: 'pid' },
              { type: 'ipc', path: '/proc/77/ns/ipc' },
              { type: 'uts', path: '/proc/77/ns/uts' },
            ],
            resources: { memory: { limit: 64 * 1024 * 1024 } },
          },
        },
      }),
      'crio',
      { listing, podNamespaces: { network: 'NODE', pid: 'POD', ipc: 'POD' } },
    );
    expect(record.status).toBe('exited');
    expect(record.exitCode).toBe(3);
    expect(record.pid).toBe(4242);
    expect(record.command).toEqual(['sh', '-c', 'exit 3']);
    expect(record.imageId).toBe('sha256:abc');
    expect(record.startedAt?.toISOString()).toBe('2025-11-26T07:51:39.000Z');
    expect(record.finishedAt?.toISOString()).toBe('2025-11-26T07:51:40.500Z');
    expect(record.security).toMatchObject({
      user: '1000:1000',
      privileged: true,
      readonlyRootfs: true,
      noNewPrivileges: true,
      memoryLimit: 64 * 1024 * 1024,
      namespaces: { hostNetwork: true, hostPid: false, hostIpc: false, hostUts: true },
    });
  });

  it('takes privileged from CRI-O style info and says false when containerd omits it', () => {
    const spec = { process: { args: ['true'] }, linux: {} };
    const crio = containerRecordFromStatus(statusResponse({ privileged: true, runtimeSpec: spec }), 'crio');
    expect(crio.security?.privileged).toBe(true);
    const containerd = containerRecordFromStatus(statusResponse({ config: {}, runtimeSpec: spec }), 'crio');
    expect(containerd.security?.privileged).toBe(false);
  });

  it('leaves exit code and security unknown when the runtime did not say', () => {
    const record = containerRecordFromStatus(
      statusResponse(null, { state: 'CONTAINER_RUNNING', finished_at: '0', exit_code: 0 }),
      'crio',
    );
    expect(record.status).toBe('running');
    expect(record.exitCode).toBeNull();
    expect(record.security).toBeNull();
    expect(record.pid).toBeNull();
    expect(record.command).toEqual([]);
  });
});

describe('image and pod records', () => {
  it('maps an image with its uint64 size', () => {
    const image: Image = {
      id: 'sha256:abc',
      repo_tags: ['127.0.0.1:5055/icr/busybox:latest'],
      repo_digests: ['127.0.0.1:5055/icr/busybox@sha256:def'],
      size: '1056878',
      uid: null,
      username: '',
      spec: null,
      pinned: false,
    };
    expect(imageRecord(image, 'crio')).toMatchObject({
      kind: 'image',
      runtime: 'crio',
      id: 'sha256:abc',
      repoTags: ['127.0.0.1:5055/icr/busybox:latest'],
      digests: ['127.0.0.1:5055/icr/busybox@sha256:def'],
      size: 1056878,
      createdAt: null,
    });
  });

  it('maps a pod sandbox', () => {
    const pod: PodSandbox = {
      id: 'pod123',
      metadata: { name: 'web', uid: 'u-1', namespace: 'icr', attempt: 0 },
      state: 'SANDBOX_NOTREADY',
      created_at: '1764143498067123456',
      labels: { 'io.icr.managed-sandbox': 'true' },
      annotations: {},
      runtime_handler: '',
    };
    expect(podRecord(pod, 'crio')).toMatchObject({
      kind: 'pod',
      id: 'pod123',
      name: 'web',
      namespace: 'icr',
      status: 'notready',
      labels: { 'io.icr.managed-sandbox': 'true' },
    });
  });
});
