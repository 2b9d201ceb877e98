import {
  ALL_CAPABILITIES,
  type CreateContainerSpec,
  DEFAULT_CAPABILITIES,
  DEFAULT_MASKED_PATHS,
  DEFAULT_PATH_ENV,
  DEFAULT_READONLY_PATHS,
  invalidArgument,
  type OciSpec,
} from '@icr/core';

export { ALL_CAPABILITIES, DEFAULT_CAPABILITIES };

import type { OciImageConfig } from '../image/oci-types.ts';

/** The runtime spec we send: core's OciSpec plus the fields it does not read. */
export type RuntimeSpec = OciSpec & {
  process: NonNullable<OciSpec['process']> & { user: { uid: number; gid: number } };
  linux: NonNullable<OciSpec['linux']>;
};

export interface SpecInput {
  id: string;
  /** containerd namespace; part of the cgroup path like ctr's `/<namespace>/<id>`. */
  namespace: string;
  image: OciImageConfig;
  request: CreateContainerSpec;
  runtimeName: string;
}

/**
 * The OCI runtime spec `ctr run` would build (containerd's populateDefaultUnixSpec
 * with the image config applied), adjusted by the user's flags.
 */
export function buildSpec(input: SpecInput): RuntimeSpec {
  const { request, image, runtimeName } = input;
  const imageConfig = image.config ?? {};
  const args = commandLine(request, imageConfig);
  if (args.length === 0) {
    throw invalidArgument('no command: the image has no Entrypoint or Cmd, so give one', { runtime: runtimeName });
  }
  const user = parseUser(request.user ?? imageConfig.User ?? '', runtimeName);
  const network = request.network ?? 'none';
  const privileged = request.privileged === true;
  const capabilities = privileged ? ALL_CAPABILITIES : DEFAULT_CAPABILITIES;

  const namespaces = [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }];
  // No CNI here: a private network namespace holds only the loopback interface runc brings up.
  if (network === 'none') namespaces.push({ type: 'network' });

  const mounts = defaultMounts();
  if (network === 'host') {
    mounts.push(hostFileMount('/etc/hosts'), hostFileMount('/etc/resolv.conf'));
  }

  const spec: RuntimeSpec = {
    ociVersion: '1.0.2-dev',
    root: { path: 'rootfs', readonly: request.readOnlyRootfs === true },
    process: {
      terminal: false,
      user,
      args,
      env: mergeEnv(imageConfig.Env ?? [DEFAULT_PATH_ENV], request.env ?? {}),
      cwd: request.workdir || imageConfig.WorkingDir || '/',
      capabilities: {
        bounding: [...capabilities],
        permitted: [...capabilities],
        effective: [...capabilities],
      },
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
      noNewPrivileges: !privileged,
    },
    hostname: network === 'host' ? undefined : input.id.slice(0, 12),
    mounts,
    linux: {
      namespaces,
      resources: {
        devices: [{ allow: privileged, access: 'rwm' }],
        ...(request.memoryLimit ? { memory: { limit: request.memoryLimit } } : {}),
      },
      cgroupsPath: `/${input.namespace}/${input.id}`,
      maskedPaths: privileged ? [] : [...DEFAULT_MASKED_PATHS],
      readonlyPaths: privileged ? [] : [...DEFAULT_READONLY_PATHS],
    },
  };
  if (spec.hostname === undefined) delete spec.hostname;
  return spec;
}

/** Docker's rule: a new entrypoint drops the image's Cmd unless a command is also given. */
export function commandLine(request: CreateContainerSpec, config: NonNullable<OciImageConfig['config']>): string[] {
  const entrypoint = request.entrypoint ?? config.Entrypoint ?? [];
  const cmd = request.command ?? (request.entrypoint ? [] : (config.Cmd ?? []));
  return [...entrypoint, ...cmd];
}

/** Image env first, the user's entries replacing same-named ones. */
export function mergeEnv(imageEnv: readonly string[], overrides: Record<string, string>): string[] {
  const merged = new Map<string, string>();
  for (const entry of imageEnv) {
    const eq = entry.indexOf('=');
    merged.set(eq < 0 ? entry : entry.slice(0, eq), entry);
  }
  for (const [key, value] of Object.entries(overrides)) merged.set(key, `${key}=${value}`);
  return [...merged.values()];
}

/**
 * "uid", "uid:gid", or "root". Other user names would need the image's
 * /etc/passwd, which lives in a snapshot this client cannot read.
 */
export function parseUser(user: string, runtimeName: string): { uid: number; gid: number } {
  if (user === '' || user === 'root') return { uid: 0, gid: 0 };
  const match = /^(\d+)(?::(\d+))?$/.exec(user);
  if (!match) {
    throw invalidArgument(
      `user ${JSON.stringify(user)}: give a numeric uid or uid:gid (names need the image's /etc/passwd)`,
      {
        runtime: runtimeName,
      },
    );
  }
  const uid = Number(match[1]);
  return { uid, gid: match[2] === undefined ? uid : Number(match[2]) };
}

function defaultMounts(): NonNullable<OciSpec['mounts']> {
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    {
      destination: '/dev',
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'],
    },
    {
      destination: '/dev/pts',
      type: 'devpts',
      source: 'devpts',
      options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
    },
    {
      destination: '/dev/shm',
      type: 'tmpfs',
      source: 'shm',
      options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'],
    },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
    {
      destination: '/run',
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'],
    },
  ];
}

function hostFileMount(path: string) {
  return { destination: path, type: 'bind', source: path, options: ['rbind', 'ro'] };
}

/** The process spec of an exec: the container's, with the exec's command and overrides. */
export function execProcessSpec(
  base: NonNullable<OciSpec['process']>,
  exec: { command: string[]; env?: Record<string, string>; user?: string; workdir?: string },
  runtimeName: string,
): NonNullable<OciSpec['process']> {
  return {
    ...base,
    terminal: false,
    args: exec.command,
    env: mergeEnv(base.env ?? [DEFAULT_PATH_ENV], exec.env ?? {}),
    cwd: exec.workdir || base.cwd || '/',
    user: exec.user ? parseUser(exec.user, runtimeName) : base.user,
  };
}
