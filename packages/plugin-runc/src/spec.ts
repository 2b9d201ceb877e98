import type { CreateContainerSpec, OciSpec } from '@icr/core';
import {
  ALL_CAPABILITIES,
  DEFAULT_CAPABILITIES,
  DEFAULT_MASKED_PATHS,
  DEFAULT_PATH_ENV,
  DEFAULT_READONLY_PATHS,
  invalidArgument,
} from '@icr/core';

export { ALL_CAPABILITIES, DEFAULT_CAPABILITIES };

import type { OciImageConfig } from '@icr/core/oci';

/**
 * The spec `runc spec` writes, made fit for a detached service: no terminal,
 * a writable rootfs, Docker's default capabilities. Namespaces pid, ipc, uts,
 * mount and network: a private network namespace has only loopback.
 */
export function defaultSpec(): OciSpec & Record<string, unknown> {
  const caps = () => [...DEFAULT_CAPABILITIES];
  return {
    ociVersion: '1.0.2-dev',
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: [],
      env: [DEFAULT_PATH_ENV],
      cwd: '/',
      capabilities: { bounding: caps(), effective: caps(), permitted: caps() },
      noNewPrivileges: true,
    },
    root: { path: 'rootfs', readonly: false },
    hostname: 'runc',
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc' },
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
        destination: '/sys/fs/cgroup',
        type: 'cgroup',
        source: 'cgroup',
        options: ['nosuid', 'noexec', 'nodev', 'relatime', 'ro'],
      },
    ],
    linux: {
      resources: { devices: [{ allow: false, access: 'rwm' }] },
      namespaces: [{ type: 'pid' }, { type: 'network' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }],
      maskedPaths: [...DEFAULT_MASKED_PATHS],
      readonlyPaths: [...DEFAULT_READONLY_PATHS],
    },
  };
}

export interface ResolvedUser {
  uid: number;
  gid: number;
  additionalGids?: number[];
  /** As configured, for the record. */
  name: string;
}

/** Reads /etc/passwd and /etc/group of the rootfs when the user is given by name. */
export interface UserDatabase {
  passwd: string | null;
  group: string | null;
}

/** "uid", "uid:gid", "name", "name:group" → numeric ids, like docker does. */
export function resolveUser(user: string | undefined, db: UserDatabase): ResolvedUser {
  if (!user) return { uid: 0, gid: 0, name: '' };
  const [userPart = '', groupPart] = user.split(':', 2);
  const passwd = parseColonFile(db.passwd);
  const groups = parseColonFile(db.group);
  let uid: number;
  let gid = 0;
  if (/^\d+$/.test(userPart)) {
    uid = Number(userPart);
    const entry = passwd.find((fields) => fields[2] === userPart);
    if (entry) gid = Number(entry[3]);
  } else {
    const entry = passwd.find((fields) => fields[0] === userPart);
    if (!entry) throw invalidArgument(`unable to find user ${userPart}: no matching entry in the image's /etc/passwd`);
    uid = Number(entry[2]);
    gid = Number(entry[3]);
  }
  if (groupPart !== undefined && groupPart !== '') {
    if (/^\d+$/.test(groupPart)) gid = Number(groupPart);
    else {
      const entry = groups.find((fields) => fields[0] === groupPart);
      if (!entry)
        throw invalidArgument(`unable to find group ${groupPart}: no matching entry in the image's /etc/group`);
      gid = Number(entry[2]);
    }
  }
  return { uid, gid, name: user };
}

function parseColonFile(text: string | null): string[][] {
  if (!text) return [];
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(':'));
}

export interface SpecInput {
  create: CreateContainerSpec;
  image: OciImageConfig;
  /** Container id; the hostname is its first 12 characters, as with docker. */
  id: string;
  users: UserDatabase;
}

/** The image's defaults overlaid with the user's flags, on top of `defaultSpec()`. */
export function buildSpec(input: SpecInput): OciSpec {
  const { create, id } = input;
  const imageConfig = input.image.config ?? {};
  const spec = defaultSpec();
  const process = spec.process!;

  // Like docker: a new entrypoint drops the image's Cmd.
  const entrypoint = create.entrypoint ?? imageConfig.Entrypoint ?? [];
  const cmd = create.command ?? (create.entrypoint ? [] : (imageConfig.Cmd ?? []));
  const args = [...entrypoint, ...cmd];
  if (args.length === 0) {
    throw invalidArgument(`no command given and image ${create.image} has no Entrypoint or Cmd`, {
      hint: 'give a command after --',
    });
  }
  process.args = args;
  process.env = mergeEnv(imageConfig.Env ?? [], create.env ?? {});
  process.cwd = create.workdir || imageConfig.WorkingDir || '/';
  if (!process.cwd.startsWith('/')) throw invalidArgument(`working directory "${process.cwd}" must be absolute`);

  const user = resolveUser(create.user ?? (imageConfig.User || undefined), input.users);
  process.user = { uid: user.uid, gid: user.gid };
  if (user.name && !/^\d+(:\d+)?$/.test(user.name)) process.user.username = user.name;

  spec.hostname = id.slice(0, 12);
  spec.root = { path: 'rootfs', readonly: create.readOnlyRootfs === true };
  spec.annotations = { ...(create.labels ?? {}) };

  const linux = spec.linux!;
  if (create.network === 'host') {
    linux.namespaces = linux.namespaces!.filter((ns) => ns.type !== 'network');
    // With the host's network the container needs the host's resolver and hosts files.
    spec.mounts!.push(
      { destination: '/etc/resolv.conf', type: 'bind', source: '/etc/resolv.conf', options: ['rbind', 'ro'] },
      { destination: '/etc/hosts', type: 'bind', source: '/etc/hosts', options: ['rbind', 'ro'] },
    );
  }
  if (create.memoryLimit !== undefined) {
    if (!Number.isInteger(create.memoryLimit) || create.memoryLimit <= 0) {
      throw invalidArgument(`memory limit must be a positive number of bytes, got ${create.memoryLimit}`);
    }
    linux.resources!.memory = { limit: create.memoryLimit };
  }
  if (create.privileged) {
    const all = () => [...ALL_CAPABILITIES];
    process.capabilities = { bounding: all(), effective: all(), permitted: all() };
    process.noNewPrivileges = false;
    linux.maskedPaths = [];
    linux.readonlyPaths = [];
    linux.resources!.devices = [{ allow: true, access: 'rwm' }];
    for (const mount of spec.mounts!) {
      if (mount.destination === '/sys' || mount.destination === '/sys/fs/cgroup') {
        mount.options = (mount.options ?? []).filter((option) => option !== 'ro');
      }
    }
  }
  return spec;
}

/** Image Env first, then the user's, later keys replacing earlier ones; PATH always set. */
export function mergeEnv(imageEnv: string[], userEnv: Record<string, string>): string[] {
  const merged = new Map<string, string>();
  for (const entry of imageEnv) {
    const eq = entry.indexOf('=');
    if (eq > 0) merged.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  for (const [key, value] of Object.entries(userEnv)) {
    if (!key || key.includes('=')) throw invalidArgument(`invalid environment variable name "${key}"`);
    merged.set(key, value);
  }
  if (!merged.has('PATH')) merged.set('PATH', DEFAULT_PATH_ENV.slice('PATH='.length));
  return [...merged].map(([key, value]) => `${key}=${value}`);
}
