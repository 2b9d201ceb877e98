import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { conflict, isIcrError, notFound, unsupported } from '@icr/core';
import type { CallSettings, CriClient } from './client.ts';
import type { NamespaceOption, PodSandbox, PodSandboxConfig } from './cri-types.ts';
import { parseVerboseInfo } from './mappers.ts';

/** Marks sandboxes icr created for one container, which icr may therefore remove. */
export const MANAGED_SANDBOX_LABEL = 'io.icr.managed-sandbox';
/** Where icr put the pod's log directory, so it can give the container the same config again and clean up. */
export const LOG_DIRECTORY_ANNOTATION = 'io.icr.log-directory';
/** Parent of the log directories of icr-made pods. */
export const LOG_ROOT = '/var/log/icr-pods';

export interface SandboxRequest {
  /** The container's name; the pod is named after it. */
  name: string;
  namespace: string;
  privileged: boolean;
  /** 'host' shares the node's network; 'none' gives the pod its own namespace, which must end up without a network. */
  network: 'host' | 'none';
}

/**
 * The config of a pod made for a single container, with a log directory
 * (without one containerd writes no container log). A host-network pod
 * needs no CNI and must not set a hostname; a pod of its own network
 * namespace needs one.
 */
export function managedSandboxConfig(request: SandboxRequest, uid: string = randomUUID()): PodSandboxConfig {
  const logDirectory = `${LOG_ROOT}/${uid}`;
  const config: PodSandboxConfig = {
    metadata: { name: request.name, uid, namespace: request.namespace, attempt: 0 },
    log_directory: logDirectory,
    labels: { [MANAGED_SANDBOX_LABEL]: 'true' },
    annotations: { [LOG_DIRECTORY_ANNOTATION]: logDirectory },
    linux: {
      security_context: {
        namespace_options: { network: request.network === 'host' ? 'NODE' : 'POD', pid: 'POD', ipc: 'POD' },
        privileged: request.privileged,
      },
    },
  };
  if (request.network === 'none') config.hostname = hostnameFor(request.name);
  return config;
}

/** A DNS label (what a hostname may be) made from a container name. */
export function hostnameFor(name: string): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return label || 'icr';
}

export function isManagedSandbox(pod: Pick<PodSandbox, 'labels'>): boolean {
  return pod.labels[MANAGED_SANDBOX_LABEL] === 'true';
}

/** A pod to create a container in: its id and the config CreateContainer wants repeated. */
export interface SandboxTarget {
  id: string;
  config: PodSandboxConfig;
  /** True when icr just made it for this container (and must remove it if creation fails). */
  created: boolean;
}

export async function runManagedSandbox(
  client: CriClient,
  request: SandboxRequest,
  settings: CallSettings,
): Promise<SandboxTarget> {
  const config = managedSandboxConfig(request);
  let id: string;
  try {
    id = await client.runPodSandbox(config, settings);
  } catch (error) {
    // containerd 1.6, for one, refuses a pod whose CNI result has no interface besides loopback.
    if (request.network === 'none' && isIcrError(error, 'runtime-error') && /network|cni/i.test(error.message)) {
      throw noNetworkNone(client.runtime, error.message, error);
    }
    throw error;
  }
  if (request.network === 'none') {
    // CRI has no "no network": a pod of its own namespace gets whatever the runtime's CNI sets up.
    // Only a CNI that adds nothing but loopback (no pod IP) gives what "none" promises.
    const status = await client.podSandboxStatus(id, false, settings).catch(() => null);
    const ip = status?.status?.network?.ip ?? '';
    if (!status || ip !== '') {
      await removeSandbox(client, id, config.log_directory, {}).catch(() => undefined);
      throw noNetworkNone(client.runtime, `the runtime's CNI gives pods a network${ip ? ` (${ip})` : ''}`);
    }
  }
  return { id, config, created: true };
}

function noNetworkNone(runtime: string, detail: string, cause?: unknown) {
  return unsupported(`network "none" is not available on this CRI runtime: ${detail}`, {
    runtime,
    cause,
    hint: 'CRI has no "no network" mode: use network "host" (the default for icr-made pods)',
  });
}

/** Resolves a pod the user named (id, id prefix or metadata name) and rebuilds its config from its status. */
export async function existingSandbox(client: CriClient, ref: string, settings: CallSettings): Promise<SandboxTarget> {
  const pods = await client.listPodSandboxes({}, settings);
  const pod = pickPod(pods, ref, client.runtime);
  const status = await client.podSandboxStatus(pod.id, true, settings);
  const current = status.status;
  if (!current) throw notFound(`no such pod: ${ref}`, { runtime: client.runtime });
  if (current.state !== 'SANDBOX_READY') {
    throw conflict(`pod ${pod.metadata?.name ?? pod.id} is not ready; containers can only be created in a ready pod`, {
      runtime: client.runtime,
    });
  }
  // containerd reports the original config in its verbose info; otherwise rebuild what we can.
  const reported = parseVerboseInfo(status.info) as { config?: { log_directory?: string; hostname?: string } } | null;
  const logDirectory = current.annotations[LOG_DIRECTORY_ANNOTATION] || reported?.config?.log_directory || '';
  const namespaceOptions: NamespaceOption = current.linux?.namespaces?.options ?? {};
  const config: PodSandboxConfig = {
    metadata: current.metadata ?? { name: pod.id, uid: '', namespace: '', attempt: 0 },
    log_directory: logDirectory,
    labels: current.labels,
    annotations: current.annotations,
    linux: { security_context: { namespace_options: namespaceOptions } },
  };
  if (namespaceOptions.network !== 'NODE') {
    config.hostname = reported?.config?.hostname || hostnameFor(config.metadata.name);
  }
  return { id: pod.id, config, created: false };
}

export function pickPod(pods: PodSandbox[], ref: string, runtime: string): PodSandbox {
  if (ref === '') throw notFound('no such pod: (empty name)', { runtime });
  const exact = pods.find((pod) => pod.id === ref);
  if (exact) return exact;
  const byPrefix = pods.filter((pod) => pod.id.startsWith(ref));
  if (byPrefix.length === 1) return byPrefix[0]!;
  const candidates = byPrefix.length > 1 ? byPrefix : pods.filter((pod) => pod.metadata?.name === ref);
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) {
    const list = candidates.map((pod) => `${pod.id.slice(0, 12)} (${pod.metadata?.namespace}/${pod.metadata?.name})`);
    throw conflict(`pod "${ref}" is ambiguous: ${list.join(', ')}`, {
      runtime,
      hint: 'name the pod by its id',
    });
  }
  throw notFound(`no such pod: ${ref}`, { runtime });
}

/**
 * Stops and removes a pod, but only one icr made and only once no container
 * is left in it (a user may have added containers to it with `pod`).
 */
export async function removeManagedSandboxIfEmpty(
  client: CriClient,
  podId: string,
  settings: CallSettings,
): Promise<boolean> {
  const pods = await client.listPodSandboxes({ id: podId }, settings);
  const pod = pods.find((candidate) => candidate.id === podId);
  if (!pod || !isManagedSandbox(pod)) return false;
  const remaining = await client.listContainers({ pod_sandbox_id: podId }, settings);
  if (remaining.length > 0) return false;
  await removeSandbox(client, podId, pod.annotations[LOG_DIRECTORY_ANNOTATION], settings);
  return true;
}

export async function removeSandbox(
  client: CriClient,
  podId: string,
  logDirectory: string | undefined,
  settings: CallSettings,
): Promise<void> {
  await client.stopPodSandbox(podId, settings);
  await client.removePodSandbox(podId, settings);
  // Runtimes leave the log directory behind (the kubelet cleans it up); we made it, so we do.
  if (logDirectory?.startsWith(`${LOG_ROOT}/`)) {
    await rm(logDirectory, { recursive: true, force: true }).catch(() => undefined);
  }
}
