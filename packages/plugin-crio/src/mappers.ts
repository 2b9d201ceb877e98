import {
  type ContainerRecord,
  type ContainerStatus as IcrContainerStatus,
  type ImageRecord,
  type OciSpec,
  type PodRecord,
  type SecurityProfile,
  securityFromOciSpec,
} from '@icr/core';
import type {
  Container,
  ContainerState,
  ContainerStatusResponse,
  Image,
  NamespaceOption,
  PodSandbox,
} from './cri-types.ts';

const STATUS_BY_STATE: Record<ContainerState, IcrContainerStatus> = {
  CONTAINER_CREATED: 'created',
  CONTAINER_RUNNING: 'running',
  CONTAINER_EXITED: 'exited',
  CONTAINER_UNKNOWN: 'unknown',
};

export function statusFromState(state: ContainerState | string | number): IcrContainerStatus {
  if (typeof state === 'number') {
    return (['created', 'running', 'exited', 'unknown'] as const)[state] ?? 'unknown';
  }
  return STATUS_BY_STATE[state as ContainerState] ?? 'unknown';
}

/** The CRI state to push down for an icr status; `paused` has no CRI state. */
export function stateFromStatus(status: IcrContainerStatus): ContainerState | null {
  const entry = Object.entries(STATUS_BY_STATE).find(([, value]) => value === status);
  return entry ? (entry[0] as ContainerState) : null;
}

/** CRI timestamps are int64 nanoseconds since the epoch; 0 means "not set". */
export function dateFromNanos(nanos: string | number | bigint | null | undefined): Date | null {
  if (nanos === null || nanos === undefined || nanos === '') return null;
  let value: bigint;
  try {
    value = BigInt(nanos);
  } catch {
    return null;
  }
  if (value <= 0n) return null;
  return new Date(Number(value / 1_000_000n));
}

/** What `info["info"]` of a verbose ContainerStatus holds (containerd and CRI-O both fill parts of it). */
export interface VerboseInfo {
  pid?: number;
  sandboxID?: string;
  privileged?: boolean;
  runtimeSpec?: OciSpec;
  config?: {
    command?: string[];
    args?: string[];
    linux?: { security_context?: { privileged?: boolean } };
  };
}

export function parseVerboseInfo(info: Record<string, string> | undefined): VerboseInfo | null {
  const text = info?.info;
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as VerboseInfo) : null;
  } catch {
    return null;
  }
}

/** A container as ListContainers reports it; timestamps other than creation are unknown here. */
export function containerRecordFromListing(container: Container, runtime: string): ContainerRecord {
  return {
    kind: 'container',
    runtime,
    id: container.id,
    name: container.metadata?.name ?? '',
    image: container.image?.image ?? '',
    imageId: container.image_ref || null,
    status: statusFromState(container.state),
    createdAt: dateFromNanos(container.created_at),
    startedAt: null,
    finishedAt: null,
    exitCode: null,
    pid: null,
    labels: { ...container.labels },
    command: [],
    podId: container.pod_sandbox_id || null,
    security: null,
    raw: container,
  };
}

export interface StatusDetails {
  /** The listing entry, which alone carries the pod sandbox id. */
  listing?: Container | undefined;
  /** The pod's namespace options (PodSandboxStatus.linux.namespaces.options). */
  podNamespaces?: NamespaceOption | null | undefined;
}

/** A container from ContainerStatus (verbose when security is wanted), merged with its listing. */
export function containerRecordFromStatus(
  response: ContainerStatusResponse,
  runtime: string,
  details: StatusDetails = {},
): ContainerRecord {
  const status = response.status;
  if (!status) throw new Error('ContainerStatus returned no status');
  const info = parseVerboseInfo(response.info);
  const { listing } = details;
  const finishedAt = dateFromNanos(status.finished_at);
  return {
    kind: 'container',
    runtime,
    id: status.id,
    name: status.metadata?.name ?? listing?.metadata?.name ?? '',
    // The listing keeps the reference the container was created with; status may show the image's first tag.
    image: listing?.image?.image || status.image?.image || '',
    // The listing's image_ref is the image id `images` shows; status may give a repo digest instead.
    imageId: listing?.image_ref || status.image_ref || null,
    status: statusFromState(status.state),
    createdAt: dateFromNanos(status.created_at),
    startedAt: dateFromNanos(status.started_at),
    finishedAt,
    // Only meaningful once the container finished.
    exitCode: finishedAt ? status.exit_code : null,
    pid: typeof info?.pid === 'number' && info.pid > 0 ? info.pid : null,
    labels: { ...status.labels },
    command: commandFrom(info),
    podId: listing?.pod_sandbox_id || info?.sandboxID || null,
    security: info ? securityFrom(info, details.podNamespaces ?? null) : null,
    raw: { status, info: info ?? response.info },
  };
}

function commandFrom(info: VerboseInfo | null): string[] {
  const args = info?.runtimeSpec?.process?.args;
  if (Array.isArray(args)) return [...args];
  const config = info?.config;
  if (config) return [...(config.command ?? []), ...(config.args ?? [])];
  return [];
}

/**
 * The security block: the OCI spec says most of it; privileged comes from
 * what the runtime reports (CRI-O's `privileged`, containerd's CRI config),
 * and the pod's namespace options say which host namespaces the pod shares.
 */
export function securityFrom(info: VerboseInfo, podNamespaces: NamespaceOption | null): SecurityProfile | null {
  if (!info.runtimeSpec) return null;
  const profile = securityFromOciSpec(info.runtimeSpec);
  const reportedPrivileged = info.privileged ?? info.config?.linux?.security_context?.privileged;
  if (typeof reportedPrivileged === 'boolean') profile.privileged = reportedPrivileged;
  else if (info.config) profile.privileged = false; // containerd omits the field when false
  if (podNamespaces) {
    profile.namespaces = {
      ...profile.namespaces,
      hostNetwork: podNamespaces.network === 'NODE',
      hostIpc: podNamespaces.ipc === 'NODE',
      // CRI runtimes give host-network pods the host's UTS namespace (its hostname) too.
      hostUts: podNamespaces.network === 'NODE' ? true : profile.namespaces.hostUts,
      // A pod PID namespace of POD/CONTAINER still leaves the container's own choice to the spec.
      hostPid: podNamespaces.pid === 'NODE' ? true : profile.namespaces.hostPid,
    };
  }
  return profile;
}

export function imageRecord(image: Image, runtime: string): ImageRecord {
  const size = Number(image.size);
  return {
    kind: 'image',
    runtime,
    id: image.id,
    repoTags: [...image.repo_tags],
    digests: [...image.repo_digests],
    size: Number.isFinite(size) && size > 0 ? size : null,
    // CRI does not report when an image was built.
    createdAt: null,
    raw: image,
  };
}

export function podRecord(pod: PodSandbox, runtime: string): PodRecord {
  return {
    kind: 'pod',
    runtime,
    id: pod.id,
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? '',
    status: pod.state === 'SANDBOX_READY' ? 'ready' : 'notready',
    createdAt: dateFromNanos(pod.created_at),
    labels: { ...pod.labels },
    raw: pod,
  };
}
