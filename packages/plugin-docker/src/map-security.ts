import {
  ALL_CAPABILITIES,
  DEFAULT_CAPABILITIES,
  emptySecurityProfile,
  type MountInfo,
  normalizeCapability,
  type SecurityProfile,
} from '@icr/core';

export { ALL_CAPABILITIES, normalizeCapability };
/** dockerd's default set is the SDK's default set. */
export const DOCKER_DEFAULT_CAPABILITIES = DEFAULT_CAPABILITIES;

import type { DockerContainerInspect, DockerMount } from './docker-types.ts';

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
