import { describe, expect, it } from 'vitest';
import type { DockerContainerInspect } from './docker-types.ts';
import {
  ALL_CAPABILITIES,
  DOCKER_DEFAULT_CAPABILITIES,
  effectiveCapabilities,
  normalizeCapability,
  parseSecurityOpt,
  securityFromInspect,
} from './map-security.ts';

describe('effectiveCapabilities', () => {
  it('is the 14 docker defaults when nothing is asked', () => {
    expect(DOCKER_DEFAULT_CAPABILITIES).toHaveLength(14);
    expect(effectiveCapabilities(null, null, false)).toEqual([...DOCKER_DEFAULT_CAPABILITIES].sort());
  });

  it('adds and drops, accepting names with or without CAP_ and in any case', () => {
    const caps = effectiveCapabilities(['net_admin', 'CAP_SYS_PTRACE'], ['MKNOD', 'cap_net_raw'], false);
    expect(caps).toContain('CAP_NET_ADMIN');
    expect(caps).toContain('CAP_SYS_PTRACE');
    expect(caps).not.toContain('CAP_MKNOD');
    expect(caps).not.toContain('CAP_NET_RAW');
    expect(caps).toHaveLength(14);
  });

  it('drop ALL keeps only what is added', () => {
    expect(effectiveCapabilities(['NET_BIND_SERVICE'], ['ALL'], false)).toEqual(['CAP_NET_BIND_SERVICE']);
  });

  it('add ALL grants everything but the drops', () => {
    const caps = effectiveCapabilities(['ALL'], ['SYS_ADMIN'], false);
    expect(caps).toHaveLength(ALL_CAPABILITIES.length - 1);
    expect(caps).not.toContain('CAP_SYS_ADMIN');
  });

  it('privileged means every capability regardless of drops', () => {
    expect(effectiveCapabilities(null, ['ALL'], true)).toHaveLength(ALL_CAPABILITIES.length);
  });

  it('normalizes names', () => {
    expect(normalizeCapability('sys_admin')).toBe('CAP_SYS_ADMIN');
    expect(normalizeCapability('all')).toBe('ALL');
  });
});

describe('parseSecurityOpt', () => {
  it('reads seccomp, apparmor and no-new-privileges in both = and : forms', () => {
    expect(parseSecurityOpt(['seccomp=unconfined', 'apparmor:my-profile', 'no-new-privileges'])).toEqual({
      seccomp: 'unconfined',
      apparmor: 'my-profile',
      noNewPrivileges: true,
    });
    expect(parseSecurityOpt(['no-new-privileges:false']).noNewPrivileges).toBe(false);
    expect(parseSecurityOpt(['no-new-privileges=true']).noNewPrivileges).toBe(true);
  });

  it('calls an inline seccomp profile "custom"', () => {
    expect(parseSecurityOpt(['seccomp={"defaultAction":"SCMP_ACT_ERRNO"}']).seccomp).toBe('custom');
  });

  it('knows nothing from nothing', () => {
    expect(parseSecurityOpt(null)).toEqual({ seccomp: null, apparmor: null, noNewPrivileges: false });
  });
});

// Trimmed from `docker inspect` (dockerd 20.10) of:
// docker create --network host --pid host --ipc host --uts host --cap-add NET_ADMIN --cap-drop MKNOD --read-only
//   --security-opt no-new-privileges --security-opt seccomp=unconfined -m 64m --cpu-shares 512 --cpus 1.5
//   --pids-limit 100 -u 1000:1000 -v /tmp:/host-tmp:ro,rshared icr/busybox:dev sleep 5
const hardenedInspect: DockerContainerInspect = {
  Id: '62a83b8f569f0bad2cd0c8aeaf58a5d48983a60e13214aacf34652d2225a8f2d',
  Created: '2026-11-26T07:50:30.863221177Z',
  Path: 'sleep',
  Args: ['5'],
  State: {
    Status: 'created',
    Running: false,
    Paused: false,
    Restarting: false,
    Dead: false,
    Pid: 0,
    ExitCode: 0,
    StartedAt: '0001-01-01T00:00:00Z',
    FinishedAt: '0001-01-01T00:00:00Z',
  },
  Image: 'sha256:cc63b5a8f4f5a7523e14452ec95cfdb21cc9769d432e7d92164f75fe021cba9b',
  Name: '/fixture1',
  AppArmorProfile: '',
  Mounts: [
    { Type: 'bind', Source: '/tmp', Destination: '/host-tmp', Mode: 'ro,rshared', RW: false, Propagation: 'rshared' },
  ],
  Config: {
    User: '1000:1000',
    Tty: false,
    Cmd: ['sleep', '5'],
    Image: 'icr/busybox:dev',
    Entrypoint: null,
    Labels: { app: 'web' },
  },
  HostConfig: {
    NetworkMode: 'host',
    PidMode: 'host',
    IpcMode: 'host',
    UTSMode: 'host',
    Privileged: false,
    ReadonlyRootfs: true,
    CapAdd: ['CAP_NET_ADMIN'],
    CapDrop: ['CAP_MKNOD'],
    SecurityOpt: ['no-new-privileges', 'seccomp=unconfined', 'label=disable'],
    Memory: 67108864,
    CpuShares: 512,
    CpuQuota: 0,
    CpuPeriod: 0,
    NanoCpus: 1500000000,
    PidsLimit: 100,
    AutoRemove: false,
  },
};

describe('securityFromInspect', () => {
  it('maps every hardening flag of a real inspect', () => {
    const profile = securityFromInspect(hardenedInspect);
    expect(profile).toMatchObject({
      user: '1000:1000',
      privileged: false,
      namespaces: { hostNetwork: true, hostPid: true, hostIpc: true, hostUts: true },
      readonlyRootfs: true,
      mounts: [{ type: 'bind', source: '/tmp', destination: '/host-tmp', readOnly: true, propagation: 'rshared' }],
      seccomp: 'unconfined',
      apparmor: null,
      noNewPrivileges: true,
      memoryLimit: 67108864,
      cpuShares: 512,
      // --cpus 1.5 is stored as NanoCpus and expressed as quota/period.
      cpuQuota: 150000,
      cpuPeriod: 100000,
      pidsLimit: 100,
    });
    expect(profile.capabilities).toContain('CAP_NET_ADMIN');
    expect(profile.capabilities).not.toContain('CAP_MKNOD');
  });

  it('reports docker defaults for a plain container', () => {
    const plain: DockerContainerInspect = {
      Id: 'x',
      AppArmorProfile: 'docker-default',
      Config: { User: '' },
      HostConfig: { NetworkMode: 'none', PidMode: '', IpcMode: 'private', Memory: 0, PidsLimit: null, CpuQuota: 0 },
      Mounts: [
        { Type: 'volume', Source: '/var/lib/docker/volumes/v/_data', Destination: '/data', RW: true, Propagation: '' },
      ],
    };
    const profile = securityFromInspect(plain);
    expect(profile.user).toBeNull();
    expect(profile.privileged).toBe(false);
    expect(profile.seccomp).toBe('default');
    expect(profile.apparmor).toBe('docker-default');
    expect(profile.namespaces).toEqual({ hostNetwork: false, hostPid: false, hostIpc: false, hostUts: false });
    expect(profile.mounts).toEqual([
      {
        type: 'volume',
        source: '/var/lib/docker/volumes/v/_data',
        destination: '/data',
        readOnly: false,
        propagation: null,
      },
    ]);
    expect(profile.memoryLimit).toBeNull();
    expect(profile.pidsLimit).toBeNull();
    expect(profile.cpuQuota).toBeNull();
  });

  it('privileged containers run without seccomp and with every capability', () => {
    const profile = securityFromInspect({ Id: 'p', HostConfig: { Privileged: true } });
    expect(profile.privileged).toBe(true);
    expect(profile.seccomp).toBe('unconfined');
    expect(profile.capabilities).toHaveLength(ALL_CAPABILITIES.length);
  });
});
