import { emptySecurityProfile, type MountInfo, type SecurityProfile } from '@icr/core';
import type { DockerContainerInspect, DockerMount } from './docker-types.ts';

/** The capabilities dockerd grants a container that asks for nothing (moby oci/caps/defaults.go). */
export const DOCKER_DEFAULT_CAPABILITIES: readonly string[] = [
  'CAP_AUDIT_WRITE',
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_MKNOD',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_RAW',
  'CAP_SETFCAP',
  'CAP_SETGID',
  'CAP_SETPCAP',
  'CAP_SETUID',
  'CAP_SYS_CHROOT',
];

/** Every capability Linux defines (capability.h, through 5.9); "ALL" and privileged mean these. */
export const ALL_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
];

/** "net_admin", "NET_ADMIN", "CAP_NET_ADMIN" → "CAP_NET_ADMIN"; "all" → "ALL". */
export function normalizeCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  if (upper === 'ALL') return 'ALL';
  return upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
}

/**
 * The capability set dockerd computes (moby oci/caps.TweakCapabilities):
 * start from the defaults, or everything when privileged or `--cap-add ALL`;
 * `--cap-drop ALL` empties the base before `--cap-add` applies; otherwise
 * adds go in and drops come out. Sorted for stable output.
 */
export function effectiveCapabilities(
  capAdd: readonly string[] | null | undefined,
  capDrop: readonly string[] | null | undefined,
  privileged: boolean,
): string[] {
  if (privileged) return [...ALL_CAPABILITIES].sort();
  const adds = (capAdd ?? []).map(normalizeCapability);
  const drops = (capDrop ?? []).map(normalizeCapability);
  if (adds.includes('ALL')) {
    return ALL_CAPABILITIES.filter((cap) => !drops.includes(cap)).sort();
  }
  const base = drops.includes('ALL') ? [] : DOCKER_DEFAULT_CAPABILITIES.filter((cap) => !drops.includes(cap));
  const result = new Set(base);
  for (const cap of adds) result.add(cap);
  return [...result].sort();
}

interface SecurityOptions {
  seccomp: string | null;
  apparmor: string | null;
  noNewPrivileges: boolean;
}

/**
 * `--security-opt` entries: `seccomp=unconfined`, `seccomp=<profile JSON>`
 * (dockerd stores the file's content, not its path), `apparmor=name`,
 * `no-new-privileges[:=true|false]`. Old clients used `:` instead of `=`.
 */
export function parseSecurityOpt(entries: readonly string[] | null | undefined): SecurityOptions {
  const result: SecurityOptions = { seccomp: null, apparmor: null, noNewPrivileges: false };
  for (const entry of entries ?? []) {
    const match = /^([a-z-]+)(?:[=:](.*))?$/s.exec(entry);
    if (!match) continue;
    const key = match[1];
    const value = match[2];
    if (key === 'seccomp' && value !== undefined) {
      result.seccomp = value.trimStart().startsWith('{') ? 'custom' : value;
    } else if (key === 'apparmor' && value !== undefined) {
      result.apparmor = value;
    } else if (key === 'no-new-privileges') {
      result.noNewPrivileges = value === undefined || value === '' || value === 'true';
    }
  }
  return result;
}

export function mountFromDocker(mount: DockerMount): MountInfo {
  return {
    type: mount.Type || 'bind',
    source: mount.Source ?? '',
    destination: mount.Destination ?? '',
    readOnly: mount.RW === false,
    propagation: mount.Propagation || null,
  };
}

function positiveOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && value > 0 ? value : null;
}

/** Default CFS period the kernel (and dockerd's `--cpus`) uses. */
const DEFAULT_CPU_PERIOD = 100_000;

/** The security block from `docker inspect`: HostConfig plus Config.User, Mounts and AppArmorProfile. */
export function securityFromInspect(container: DockerContainerInspect): SecurityProfile {
  const profile = emptySecurityProfile();
  const host = container.HostConfig;
  profile.user = container.Config?.User || null;
  if (!host) return profile;
  const privileged = host.Privileged === true;
  profile.privileged = privileged;
  profile.capabilities = effectiveCapabilities(host.CapAdd, host.CapDrop, privileged);
  profile.namespaces = {
    hostNetwork: host.NetworkMode === 'host',
    hostPid: host.PidMode === 'host',
    hostIpc: host.IpcMode === 'host',
    hostUts: host.UTSMode === 'host',
  };
  profile.readonlyRootfs = host.ReadonlyRootfs === true;
  profile.mounts = (container.Mounts ?? []).map(mountFromDocker);
  const options = parseSecurityOpt(host.SecurityOpt);
  // Privileged containers run without seccomp; otherwise dockerd applies its default profile.
  profile.seccomp = options.seccomp ?? (privileged ? 'unconfined' : 'default');
  profile.apparmor = options.apparmor ?? (container.AppArmorProfile || null);
  profile.noNewPrivileges = options.noNewPrivileges;
  profile.memoryLimit = positiveOrNull(host.Memory);
  profile.cpuShares = positiveOrNull(host.CpuShares);
  const nanoCpus = positiveOrNull(host.NanoCpus);
  if (positiveOrNull(host.CpuQuota) === null && nanoCpus !== null) {
    // `--cpus` is stored as NanoCpus; express it as the quota/period pair the kernel gets.
    profile.cpuQuota = Math.round((nanoCpus * DEFAULT_CPU_PERIOD) / 1e9);
    profile.cpuPeriod = DEFAULT_CPU_PERIOD;
  } else {
    profile.cpuQuota = positiveOrNull(host.CpuQuota);
    profile.cpuPeriod = positiveOrNull(host.CpuPeriod);
  }
  profile.pidsLimit = positiveOrNull(host.PidsLimit);
  return profile;
}
