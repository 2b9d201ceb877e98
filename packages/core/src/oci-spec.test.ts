import { describe, expect, it } from 'vitest';
import { securityFromOciSpec } from './oci-spec.ts';

describe('securityFromOciSpec', () => {
  it('reads user, namespaces, mounts and limits', () => {
    const profile = securityFromOciSpec({
      process: {
        user: { uid: 1000, gid: 1000 },
        capabilities: { effective: ['CAP_KILL', 'CAP_CHOWN'] },
        noNewPrivileges: true,
      },
      root: { path: 'rootfs', readonly: true },
      mounts: [
        { destination: '/proc', type: 'proc', source: 'proc' },
        { destination: '/etc', type: 'bind', source: '/etc', options: ['rbind', 'rshared'] },
        { destination: '/data', type: 'bind', source: '/srv', options: ['rbind', 'ro'] },
      ],
      linux: {
        namespaces: [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }],
        resources: { memory: { limit: 64 * 1024 * 1024 }, pids: { limit: 100 }, cpu: { shares: 512 } },
        seccomp: { defaultAction: 'SCMP_ACT_ERRNO' },
        maskedPaths: ['/proc/kcore'],
      },
    });
    expect(profile.user).toBe('1000:1000');
    expect(profile.capabilities).toEqual(['CAP_CHOWN', 'CAP_KILL']);
    expect(profile.namespaces).toEqual({ hostNetwork: true, hostPid: false, hostIpc: false, hostUts: false });
    expect(profile.readonlyRootfs).toBe(true);
    expect(profile.mounts[1]).toEqual({
      type: 'bind',
      source: '/etc',
      destination: '/etc',
      readOnly: false,
      propagation: 'rshared',
    });
    expect(profile.mounts[2]?.readOnly).toBe(true);
    expect(profile.memoryLimit).toBe(64 * 1024 * 1024);
    expect(profile.pidsLimit).toBe(100);
    expect(profile.cpuShares).toBe(512);
    expect(profile.seccomp).toBe('enabled');
    expect(profile.noNewPrivileges).toBe(true);
    expect(profile.privileged).toBe(false);
  });

  it('treats a namespace joined at /proc/1/ns as the host namespace', () => {
    const profile = securityFromOciSpec({
      linux: { namespaces: [{ type: 'network', path: '/proc/1/ns/net' }, { type: 'pid' }] },
    });
    expect(profile.namespaces.hostNetwork).toBe(true);
    expect(profile.namespaces.hostPid).toBe(false);
  });

  it('infers privileged mode from a full capability set without seccomp or masked paths', () => {
    const all = Array.from({ length: 41 }, (_, index) => `CAP_${index}`);
    const profile = securityFromOciSpec({ process: { capabilities: { effective: all } }, linux: {} });
    expect(profile.privileged).toBe(true);
    expect(profile.seccomp).toBe('unconfined');
  });
});
