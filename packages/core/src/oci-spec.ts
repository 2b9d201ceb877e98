import { emptySecurityProfile, type MountInfo, type SecurityProfile } from './records.ts';

/**
 * The parts of the OCI runtime spec (config.json) icr reads. runc bundles,
 * containerd's Container.spec and CRI's verbose info all carry one, so the
 * security block of three plugins comes from this single mapping.
 */
export interface OciSpec {
  ociVersion?: string;
  process?: {
    terminal?: boolean;
    user?: { uid?: number; gid?: number; username?: string; additionalGids?: number[] };
    args?: string[];
    env?: string[];
    cwd?: string;
    capabilities?: {
      bounding?: string[];
      effective?: string[];
      permitted?: string[];
      inheritable?: string[];
      ambient?: string[];
    };
    noNewPrivileges?: boolean;
    apparmorProfile?: string;
    oomScoreAdj?: number;
    rlimits?: Array<{ type: string; hard: number; soft: number }>;
  };
  root?: { path: string; readonly?: boolean };
  hostname?: string;
  mounts?: Array<{ destination: string; type?: string; source?: string; options?: string[] }>;
  annotations?: Record<string, string>;
  linux?: {
    namespaces?: Array<{ type: string; path?: string }>;
    resources?: {
      memory?: { limit?: number; reservation?: number; swap?: number };
      cpu?: { shares?: number; quota?: number; period?: number; cpus?: string };
      pids?: { limit?: number };
      devices?: Array<{ allow: boolean; type?: string; major?: number; minor?: number; access?: string }>;
    };
    seccomp?: { defaultAction?: string; architectures?: string[]; syscalls?: unknown[] };
    maskedPaths?: string[];
    readonlyPaths?: string[];
    rootfsPropagation?: string;
    cgroupsPath?: string;
  };
}

const PROPAGATIONS = ['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate', 'unbindable', 'runbindable'];

/** Every capability Linux 5.x knows; a process holding all of them and nothing masked is privileged. */
const FULL_CAPABILITY_COUNT = 38;

export function securityFromOciSpec(spec: OciSpec): SecurityProfile {
  const profile = emptySecurityProfile();
  const user = spec.process?.user;
  if (user) profile.user = user.username || `${user.uid ?? 0}${user.gid !== undefined ? `:${user.gid}` : ''}`;
  const caps = spec.process?.capabilities;
  if (caps) profile.capabilities = [...(caps.effective ?? caps.bounding ?? [])].sort();
  const namespaces = spec.linux?.namespaces;
  if (namespaces) {
    // A namespace type missing from the list means the container stays in the host's.
    const shared = (type: string) => !namespaces.some((ns) => ns.type === type && !isHostNamespacePath(ns.path));
    profile.namespaces = {
      hostNetwork: shared('network'),
      hostPid: shared('pid'),
      hostIpc: shared('ipc'),
      hostUts: shared('uts'),
    };
  }
  profile.readonlyRootfs = spec.root ? spec.root.readonly === true : null;
  profile.mounts = (spec.mounts ?? []).map(mountFromOci);
  if (spec.linux) profile.seccomp = spec.linux.seccomp ? 'enabled' : 'unconfined';
  profile.apparmor = spec.process?.apparmorProfile || null;
  profile.noNewPrivileges = spec.process ? spec.process.noNewPrivileges === true : null;
  const resources = spec.linux?.resources;
  profile.memoryLimit = positiveOrNull(resources?.memory?.limit);
  profile.cpuShares = positiveOrNull(resources?.cpu?.shares);
  profile.cpuQuota = positiveOrNull(resources?.cpu?.quota);
  profile.cpuPeriod = positiveOrNull(resources?.cpu?.period);
  profile.pidsLimit = positiveOrNull(resources?.pids?.limit);
  // Privileged mode has no OCI field: infer it from its effects.
  if (spec.process && spec.linux) {
    const capCount = profile.capabilities?.length ?? 0;
    profile.privileged =
      capCount >= FULL_CAPABILITY_COUNT && !spec.linux.seccomp && (spec.linux.maskedPaths ?? []).length === 0;
  }
  return profile;
}

function isHostNamespacePath(path: string | undefined): boolean {
  return path !== undefined && /^\/proc\/1\/ns\//.test(path);
}

function mountFromOci(mount: NonNullable<OciSpec['mounts']>[number]): MountInfo {
  const options = mount.options ?? [];
  const isBind = options.includes('bind') || options.includes('rbind') || mount.type === 'bind';
  return {
    type: isBind ? 'bind' : (mount.type ?? 'none'),
    source: mount.source ?? '',
    destination: mount.destination,
    readOnly: options.includes('ro'),
    propagation: options.find((option) => PROPAGATIONS.includes(option)) ?? null,
  };
}

function positiveOrNull(value: number | undefined): number | null {
  return typeof value === 'number' && value > 0 ? value : null;
}
