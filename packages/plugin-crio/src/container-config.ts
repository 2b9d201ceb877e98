import { type CreateContainerSpec, invalidArgument } from '@icr/core';
import type { ContainerConfig, LinuxContainerSecurityContext, NamespaceOption, PodSandboxConfig } from './cri-types.ts';

/** Where a container's log goes, relative to its pod's log directory (the kubelet's `<name>/<attempt>.log` layout). */
export function containerLogPath(name: string): string {
  return `${name}/0.log`;
}

/**
 * The CRI config for an icr create spec. CRI's `command` is the image
 * entrypoint and `args` its Cmd, as in Kubernetes.
 */
export function containerConfigFor(
  spec: CreateContainerSpec,
  name: string,
  sandbox: PodSandboxConfig,
  runtime: string,
): ContainerConfig {
  const securityContext: LinuxContainerSecurityContext = {
    privileged: spec.privileged === true,
    readonly_rootfs: spec.readOnlyRootfs === true,
    // A container shares its pod's network and IPC and gets a PID namespace of its own (the kubelet's default).
    namespace_options: containerNamespaces(sandbox),
    ...userFields(spec.user, runtime),
  };
  const config: ContainerConfig = {
    metadata: { name, attempt: 0 },
    image: { image: spec.image },
    labels: { ...spec.labels },
    annotations: {},
    log_path: containerLogPath(name),
    linux: { security_context: securityContext },
  };
  if (spec.entrypoint) config.command = [...spec.entrypoint];
  if (spec.command) config.args = [...spec.command];
  if (spec.workdir) config.working_dir = spec.workdir;
  if (spec.env) config.envs = Object.entries(spec.env).map(([key, value]) => ({ key, value }));
  if (spec.memoryLimit !== undefined) {
    if (!Number.isInteger(spec.memoryLimit) || spec.memoryLimit <= 0) {
      throw invalidArgument(`memory limit must be a positive number of bytes, got ${spec.memoryLimit}`, { runtime });
    }
    config.linux!.resources = { memory_limit_in_bytes: spec.memoryLimit };
  }
  return config;
}

function containerNamespaces(sandbox: PodSandboxConfig): NamespaceOption {
  const pod = sandbox.linux?.security_context?.namespace_options ?? {};
  return {
    network: pod.network === 'NODE' ? 'NODE' : 'POD',
    ipc: pod.ipc === 'NODE' ? 'NODE' : 'POD',
    pid: pod.pid === 'NODE' ? 'NODE' : 'CONTAINER',
  };
}

/** "uid", "uid:gid", "name" or "name:gid" → CRI's run_as_* fields. */
export function userFields(user: string | undefined, runtime: string): Partial<LinuxContainerSecurityContext> {
  if (user === undefined || user === '') return {};
  const match = /^([^:]+)(?::([^:]+))?$/.exec(user);
  if (!match) throw invalidArgument(`invalid user "${user}": use uid, uid:gid or a user name`, { runtime });
  const [, who, group] = match;
  const fields: Partial<LinuxContainerSecurityContext> = /^\d+$/.test(who!)
    ? { run_as_user: { value: who! } }
    : { run_as_username: who! };
  if (group !== undefined) {
    if (!/^\d+$/.test(group)) {
      throw invalidArgument(`invalid group in user "${user}": CRI takes a numeric gid`, { runtime });
    }
    fields.run_as_group = { value: group };
  }
  return fields;
}
