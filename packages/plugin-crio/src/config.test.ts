import { isIcrError } from '@icr/core';
import { describe, expect, it } from 'vitest';
import { containerConfigFor, userFields } from './container-config.ts';
import { DEFAULT_ENDPOINTS, firstExistingDefault, normalizeEndpoint, resolveEndpoint } from './endpoint.ts';
import { GrpcCode, toIcrError } from './errors.ts';
import { hostnameFor, managedSandboxConfig } from './sandbox.ts';

describe('endpoints', () => {
  it('normalizes socket paths and unix targets', () => {
    expect(normalizeEndpoint('/run/crio/crio.sock')).toBe('unix:///run/crio/crio.sock');
    expect(normalizeEndpoint('unix:/run/crio/crio.sock')).toBe('unix:///run/crio/crio.sock');
    expect(normalizeEndpoint('unix:///var/run/crio/crio.sock')).toBe('unix:///var/run/crio/crio.sock');
    expect(normalizeEndpoint('127.0.0.1:10000')).toBe('127.0.0.1:10000');
  });

  it('prefers the option, then CONTAINER_RUNTIME_ENDPOINT', () => {
    expect(resolveEndpoint('/a.sock', { CONTAINER_RUNTIME_ENDPOINT: '/b.sock' })).toBe('unix:///a.sock');
    expect(resolveEndpoint(undefined, { CONTAINER_RUNTIME_ENDPOINT: '/b.sock' })).toBe('unix:///b.sock');
  });

  it("tries crictl's default order and takes the first that exists", () => {
    expect(DEFAULT_ENDPOINTS[0]).toBe('unix:///run/containerd/containerd.sock');
    expect(firstExistingDefault((endpoint) => endpoint.includes('crio') || endpoint.includes('dockerd'))).toBe(
      'unix:///run/crio/crio.sock',
    );
    expect(firstExistingDefault(() => false)).toBeNull();
  });
});

describe('gRPC errors', () => {
  const context = { runtime: 'crio', endpoint: 'unix:///run/crio/crio.sock', operation: 'StartContainer x' };
  it('maps status codes to icr error codes with the runtime name', () => {
    const cases: Array<[number, string]> = [
      [GrpcCode.NOT_FOUND, 'not-found'],
      [GrpcCode.UNAVAILABLE, 'unreachable'],
      [GrpcCode.DEADLINE_EXCEEDED, 'timeout'],
      [GrpcCode.INVALID_ARGUMENT, 'invalid-argument'],
      [GrpcCode.FAILED_PRECONDITION, 'conflict'],
      [GrpcCode.ALREADY_EXISTS, 'conflict'],
      [GrpcCode.CANCELLED, 'cancelled'],
      [GrpcCode.UNKNOWN, 'runtime-error'],
    ];
    for (const [code, expected] of cases) {
      const error = toIcrError({ code, details: 'boom' }, context);
      expect(error.code).toBe(expected);
      expect(error.runtime).toBe('crio');
    }
  });

  it('names the socket in unreachable errors', () => {
    const error = toIcrError({ code: GrpcCode.UNAVAILABLE, details: 'connect ENOENT' }, context);
    expect(error.message).toContain('unix:///run/crio/crio.sock');
    expect(error.hint).toContain('/run/crio/crio.sock');
  });
});

describe('pod and container configs', () => {
  it('makes a host-network pod without a hostname, with a log directory and the icr mark', () => {
    const config = managedSandboxConfig({ name: 'web', namespace: 'icr', privileged: false, network: 'host' }, 'uid-1');
    expect(config.metadata).toEqual({ name: 'web', uid: 'uid-1', namespace: 'icr', attempt: 0 });
    expect(config.hostname).toBeUndefined();
    expect(config.log_directory).toBe('/var/log/icr-pods/uid-1');
    expect(config.labels).toEqual({ 'io.icr.managed-sandbox': 'true' });
    expect(config.linux?.security_context?.namespace_options?.network).toBe('NODE');
  });

  it('gives a pod of its own network namespace a hostname made from the name', () => {
    const config = managedSandboxConfig(
      { name: 'My_App.1', namespace: 'icr', privileged: false, network: 'none' },
      'u',
    );
    expect(config.linux?.security_context?.namespace_options?.network).toBe('POD');
    expect(config.hostname).toBe('my-app-1');
    expect(hostnameFor('___')).toBe('icr');
    expect(hostnameFor('x'.repeat(80)).length).toBe(63);
  });

  it('maps entrypoint/command to CRI command/args and sets a log path', () => {
    const sandbox = managedSandboxConfig(
      { name: 'web', namespace: 'icr', privileged: false, network: 'host' },
      'uid-1',
    );
    const config = containerConfigFor(
      {
        image: 'busybox',
        entrypoint: ['sh'],
        command: ['-c', 'echo hi'],
        env: { A: '1' },
        labels: { l: 'v' },
        workdir: '/tmp',
        memoryLimit: 1024 * 1024,
        readOnlyRootfs: true,
      },
      'web',
      sandbox,
      'crio',
    );
    expect(config).toMatchObject({
      metadata: { name: 'web', attempt: 0 },
      image: { image: 'busybox' },
      command: ['sh'],
      args: ['-c', 'echo hi'],
      envs: [{ key: 'A', value: '1' }],
      labels: { l: 'v' },
      working_dir: '/tmp',
      log_path: 'web/0.log',
      linux: {
        resources: { memory_limit_in_bytes: 1024 * 1024 },
        security_context: { readonly_rootfs: true, namespace_options: { network: 'NODE', pid: 'CONTAINER' } },
      },
    });
  });

  it('parses users', () => {
    expect(userFields('1000', 'crio')).toEqual({ run_as_user: { value: '1000' } });
    expect(userFields('1000:50', 'crio')).toEqual({ run_as_user: { value: '1000' }, run_as_group: { value: '50' } });
    expect(userFields('nobody', 'crio')).toEqual({ run_as_username: 'nobody' });
    let error: unknown;
    try {
      userFields('nobody:staff', 'crio');
    } catch (caught) {
      error = caught;
    }
    expect(isIcrError(error, 'invalid-argument')).toBe(true);
  });
});
