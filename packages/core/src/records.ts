/**
 * Normalized records: every runtime maps its own objects onto these shapes so
 * that one pipeline means the same thing on docker, containerd, CRI and runc.
 * Fields a runtime cannot know are `null`, never guessed.
 */

export type ContainerStatus = 'created' | 'running' | 'paused' | 'exited' | 'unknown';

export const CONTAINER_STATUSES: readonly ContainerStatus[] = ['created', 'running', 'paused', 'exited', 'unknown'];

export interface MountInfo {
  /** 'bind', 'volume', 'tmpfs', 'proc', ... as the runtime names it. */
  type: string;
  source: string;
  destination: string;
  readOnly: boolean;
  /** 'private' | 'rprivate' | 'shared' | 'rshared' | 'slave' | 'rslave' | null */
  propagation: string | null;
}

export interface NamespaceSharing {
  /** true when the container shares the host's namespace. */
  hostNetwork: boolean | null;
  hostPid: boolean | null;
  hostIpc: boolean | null;
  hostUts: boolean | null;
}

/**
 * What CIS-style checks need, taken from the runtime's own configuration
 * (docker HostConfig, the OCI spec, CRI info). `null` means "the runtime did not say".
 */
export interface SecurityProfile {
  /** "uid", "uid:gid" or a user name, as configured; null when unset (the image default). */
  user: string | null;
  privileged: boolean | null;
  /** Effective capability names, upper case with the CAP_ prefix (CAP_NET_RAW). */
  capabilities: string[] | null;
  namespaces: NamespaceSharing;
  readonlyRootfs: boolean | null;
  mounts: MountInfo[];
  /** 'default', 'unconfined', 'runtime/default' or a profile name/path; null when unknown. */
  seccomp: string | null;
  apparmor: string | null;
  noNewPrivileges: boolean | null;
  /** Bytes; null when unlimited or unknown. */
  memoryLimit: number | null;
  cpuShares: number | null;
  /** Microseconds per period, with cpuPeriod; null when unlimited. */
  cpuQuota: number | null;
  cpuPeriod: number | null;
  pidsLimit: number | null;
}

export interface ContainerRecord {
  kind: 'container';
  /** Name of the configured runtime instance this record came from (e.g. "docker", "crio"). */
  runtime: string;
  id: string;
  name: string;
  /** Image reference as the user gave it, e.g. "127.0.0.1:5000/icr/busybox:latest". */
  image: string;
  imageId: string | null;
  status: ContainerStatus;
  createdAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  exitCode: number | null;
  pid: number | null;
  labels: Record<string, string>;
  command: string[];
  /** Pod sandbox id on runtimes with pods, otherwise null. */
  podId: string | null;
  /** Filled by inspect; list may leave it null when it would cost a call per container. */
  security: SecurityProfile | null;
  /** The runtime's own object, untouched. */
  raw: unknown;
}

export interface ImageRecord {
  kind: 'image';
  runtime: string;
  id: string;
  repoTags: string[];
  digests: string[];
  /** Bytes. */
  size: number | null;
  createdAt: Date | null;
  raw: unknown;
}

export type PodStatus = 'ready' | 'notready';

export interface PodRecord {
  kind: 'pod';
  runtime: string;
  id: string;
  name: string;
  namespace: string;
  status: PodStatus;
  createdAt: Date | null;
  labels: Record<string, string>;
  raw: unknown;
}

export interface ExecResult {
  kind: 'exec';
  runtime: string;
  containerId: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface LogEntry {
  stream: 'stdout' | 'stderr';
  /** One line without its trailing newline. */
  line: string;
  timestamp: Date | null;
}

export interface RuntimeVersion {
  kind: 'version';
  runtime: string;
  /** The plugin name, e.g. "docker". */
  plugin: string;
  /** The runtime's product name, e.g. "containerd", "runsc", "Docker Engine". */
  product: string;
  version: string;
  apiVersion: string | null;
  /** Endpoint actually used: socket path, URL or binary path. */
  endpoint: string;
  raw: unknown;
}

export interface PullProgress {
  /** Layer digest or other unit the runtime reports on; null for whole-image events. */
  id: string | null;
  status: string;
  current: number | null;
  total: number | null;
}

export type AnyRecord = ContainerRecord | ImageRecord | PodRecord | ExecResult | RuntimeVersion;

export function emptySecurityProfile(): SecurityProfile {
  return {
    user: null,
    privileged: null,
    capabilities: null,
    namespaces: { hostNetwork: null, hostPid: null, hostIpc: null, hostUts: null },
    readonlyRootfs: null,
    mounts: [],
    seccomp: null,
    apparmor: null,
    noNewPrivileges: null,
    memoryLimit: null,
    cpuShares: null,
    cpuQuota: null,
    cpuPeriod: null,
    pidsLimit: null,
  };
}
