import { describe, expect, it } from 'vitest';
import { type Container, jsonAny, OCI_SPEC_TYPE_URL, type Process } from '../grpc/messages.ts';
import { toContainerRecord } from './record.ts';

const spec = {
  process: { args: ['sleep', '5'], user: { uid: 0, gid: 0 } },
  root: { path: 'rootfs', readonly: true },
  linux: { namespaces: [{ type: 'pid' }, { type: 'network' }] },
};

const container = (labels: Record<string, string> = {}): Container => ({
  id: 'c1',
  labels,
  image: '127.0.0.1:5055/icr/busybox:latest',
  runtime: { name: 'io.containerd.runc.v2', options: null },
  spec: jsonAny(OCI_SPEC_TYPE_URL, spec),
  snapshotter: 'overlayfs',
  snapshotKey: 'c1',
  createdAt: { seconds: 1_700_000_000, nanos: 500_000_000 },
  updatedAt: null,
});

const task = (status: Process['status'], extra: Partial<Process> = {}): Process => ({
  containerId: '',
  id: 'c1',
  pid: 4242,
  status,
  stdout: '',
  stderr: '',
  exitStatus: 0,
  exitedAt: { seconds: -62135596800, nanos: 0 },
  ...extra,
});

describe('toContainerRecord', () => {
  it('encodes the spec as an Any with the type URL containerd and ctr expect', () => {
    const any = jsonAny(OCI_SPEC_TYPE_URL, spec);
    expect(any.type_url).toBe('types.containerd.io/opencontainers/runtime-spec/1/Spec');
    expect(JSON.parse(any.value.toString())).toEqual(spec);
  });

  it('maps a container without a task to created, with the spec read for command and security', () => {
    const record = toContainerRecord(container(), undefined, 'ctrd');
    expect(record).toMatchObject({
      runtime: 'ctrd',
      id: 'c1',
      name: 'c1',
      status: 'created',
      pid: null,
      exitCode: null,
    });
    expect(record.command).toEqual(['sleep', '5']);
    expect(record.createdAt?.toISOString()).toBe('2023-11-14T22:13:20.500Z');
    expect(record.security).toMatchObject({ readonlyRootfs: true, namespaces: { hostNetwork: false, hostIpc: true } });
  });

  it('takes the name from the nerdctl/name label', () => {
    expect(toContainerRecord(container({ 'nerdctl/name': 'web' }), undefined, 'c').name).toBe('web');
  });

  it.each([
    ['CREATED', 'created'],
    ['RUNNING', 'running'],
    ['PAUSED', 'paused'],
    ['PAUSING', 'paused'],
    ['STOPPED', 'exited'],
    ['UNKNOWN', 'unknown'],
  ] as const)('maps task status %s to %s', (status, expected) => {
    expect(toContainerRecord(container(), task(status), 'c').status).toBe(expected);
  });

  it('reports pid only while alive and exit code and time only once stopped', () => {
    expect(toContainerRecord(container(), task('RUNNING'), 'c')).toMatchObject({
      pid: 4242,
      exitCode: null,
      finishedAt: null,
    });
    const stopped = toContainerRecord(
      container(),
      task('STOPPED', { exitStatus: 137, exitedAt: { seconds: 1_700_000_100, nanos: 0 } }),
      'c',
    );
    expect(stopped).toMatchObject({ pid: null, exitCode: 137 });
    expect(stopped.finishedAt?.toISOString()).toBe('2023-11-14T22:15:00.000Z');
  });
});
