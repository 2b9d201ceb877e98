import { describe, expect, it } from 'vitest';
import { defaultOptions, describeEndpoint, resolveOptions } from './options.ts';

describe('containerd options', () => {
  it('defaults to the system socket and the default namespace', () => {
    expect(defaultOptions({})).toEqual({ address: '/run/containerd/containerd.sock', namespace: 'default' });
    expect(resolveOptions({}, {})).toMatchObject({
      socketPath: '/run/containerd/containerd.sock',
      namespace: 'default',
      snapshotter: 'overlayfs',
      runtime: 'io.containerd.runc.v2',
      logDir: '/var/lib/icr-containerd/logs',
    });
  });

  it('honours CONTAINERD_ADDRESS and CONTAINERD_NAMESPACE, and options over both', () => {
    const env = { CONTAINERD_ADDRESS: 'unix:///tmp/c.sock', CONTAINERD_NAMESPACE: 'k8s.io' };
    expect(resolveOptions({}, env)).toMatchObject({ socketPath: '/tmp/c.sock', namespace: 'k8s.io' });
    expect(resolveOptions({ address: '/x.sock', namespace: 'moby' }, env)).toMatchObject({
      socketPath: '/x.sock',
      namespace: 'moby',
    });
  });

  it('describes the endpoint as a unix URL', () => {
    expect(describeEndpoint({ address: '/tmp/c.sock' })).toBe('unix:///tmp/c.sock');
    expect(describeEndpoint({ address: 'unix:///tmp/c.sock' })).toBe('unix:///tmp/c.sock');
  });
});
