import type { PushdownFilter, Verb } from './capabilities.ts';
import type {
  ContainerRecord,
  ContainerStatus,
  ExecResult,
  ImageRecord,
  LogEntry,
  PodRecord,
  PullProgress,
  RuntimeVersion,
} from './records.ts';

/** The SDK major version this build of @icr/core implements. Plugins declare the one they target. */
export const SDK_VERSION = 1;

/** Every call can be cancelled; plugins pass the signal down to their transport. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}

export interface ContainerFilters {
  /** Any of these statuses. */
  status?: ContainerStatus[];
  /** Exact container name. */
  name?: string;
  /** Full id or unique prefix. */
  id?: string;
  /** All of these labels; a value of `null` means "label present with any value". */
  labels?: Record<string, string | null>;
  /** Image reference as shown in ContainerRecord.image. */
  image?: string;
}

export interface ListContainersOptions extends CallOptions {
  /** Include containers that are not running (like `docker ps -a`). */
  all?: boolean;
  /**
   * Filters icr asks the runtime to apply. A plugin may ignore any of them:
   * icr re-applies every filter to what comes back, so pushdown is only an optimisation.
   */
  filters?: ContainerFilters;
}

export interface CreateContainerSpec {
  image: string;
  name?: string | undefined;
  /** Replaces the image's Cmd (`icr run IMAGE -- cmd args`). */
  command?: string[] | undefined;
  /** Replaces the image's Entrypoint. */
  entrypoint?: string[] | undefined;
  env?: Record<string, string> | undefined;
  labels?: Record<string, string> | undefined;
  /** "uid", "uid:gid" or a user name. */
  user?: string | undefined;
  workdir?: string | undefined;
  readOnlyRootfs?: boolean | undefined;
  /** Bytes. */
  memoryLimit?: number | undefined;
  /** Remove the container once it exits (`--rm`). */
  autoRemove?: boolean | undefined;
  /** 'none' keeps the container off every network; 'host' shares the host's. Default: the plugin's own default. */
  network?: 'none' | 'host' | undefined;
  /** Pod sandbox to create the container in, on runtimes with pods. */
  pod?: string | undefined;
  privileged?: boolean | undefined;
}

export interface StopOptions extends CallOptions {
  /** Seconds to wait after SIGTERM before SIGKILL. Default 10. */
  timeoutSeconds?: number;
}

export interface KillOptions extends CallOptions {
  /** Signal name ("SIGTERM", "TERM", "KILL") or number as a string. Default SIGKILL. (`signal` is the AbortSignal.) */
  killSignal?: string;
}

export interface RemoveOptions extends CallOptions {
  force?: boolean;
}

export interface ExecOptions extends CallOptions {
  command: string[];
  env?: Record<string, string>;
  user?: string;
  workdir?: string;
  /** Give up after this many milliseconds. */
  timeoutMs?: number;
}

export interface LogsOptions extends CallOptions {
  /** Only the last N lines. */
  tail?: number;
  /** Only lines at or after this time. */
  since?: Date;
  /** Keep streaming until the container stops or the signal aborts. */
  follow?: boolean;
}

export type WaitCondition = 'running' | 'exited' | 'removed';

export interface WaitOptions extends CallOptions {
  /** Default 'exited'. */
  for?: WaitCondition;
  /** Give up with a `timeout` error after this many milliseconds; no limit when unset. */
  timeoutMs?: number;
}

export interface WaitResult {
  id: string;
  status: ContainerStatus | 'removed';
  exitCode: number | null;
}

export interface PullOptions extends CallOptions {
  onProgress?: (event: PullProgress) => void;
}

/**
 * A connected runtime. Methods for verbs the plugin did not declare may be
 * left out; icr never calls them (the RuntimeClient answers `unsupported`).
 * `ref` is a container id, unique id prefix, or name.
 */
export interface RuntimeHandle {
  version(options?: CallOptions): Promise<RuntimeVersion>;
  listContainers(options?: ListContainersOptions): Promise<ContainerRecord[]>;
  inspectContainer(ref: string, options?: CallOptions): Promise<ContainerRecord>;
  createContainer?(spec: CreateContainerSpec, options?: CallOptions): Promise<ContainerRecord>;
  startContainer?(ref: string, options?: CallOptions): Promise<void>;
  stopContainer?(ref: string, options?: StopOptions): Promise<void>;
  killContainer?(ref: string, options?: KillOptions): Promise<void>;
  restartContainer?(ref: string, options?: StopOptions): Promise<void>;
  pauseContainer?(ref: string, options?: CallOptions): Promise<void>;
  unpauseContainer?(ref: string, options?: CallOptions): Promise<void>;
  removeContainer?(ref: string, options?: RemoveOptions): Promise<void>;
  exec?(ref: string, options: ExecOptions): Promise<ExecResult>;
  logs?(ref: string, options?: LogsOptions): AsyncIterable<LogEntry>;
  wait?(ref: string, options?: WaitOptions): Promise<WaitResult>;
  listImages?(options?: CallOptions): Promise<ImageRecord[]>;
  pullImage?(ref: string, options?: PullOptions): Promise<ImageRecord>;
  removeImage?(ref: string, options?: RemoveOptions): Promise<void>;
  listPods?(options?: CallOptions): Promise<PodRecord[]>;
  /** Releases sockets, channels and child processes. Safe to call twice. */
  close(): Promise<void>;
}

export interface ConnectContext extends CallOptions {
  /** The configured runtime instance name; goes into every record's `runtime` field and every error. */
  runtimeName: string;
  env: NodeJS.ProcessEnv;
}

export interface RuntimePlugin<Options extends object = Record<string, unknown>> {
  /** Plugin name, e.g. "docker". A runtime instance of the same name is created by default. */
  name: string;
  /** The @icr/core SDK major version this plugin was written against. */
  sdkVersion: number;
  description: string;
  /** Verbs this plugin implements. The checker rejects others before a script runs. */
  capabilities: readonly Verb[];
  /** Container filters the plugin can push down; icr re-applies them anyway. */
  pushdown?: readonly PushdownFilter[];
  /** Options used when the user configured none: the standard endpoint, honouring env vars such as DOCKER_HOST. */
  defaultOptions(env: NodeJS.ProcessEnv): Options;
  /** Cheap, local check that the endpoint exists (socket file, binary on PATH). No network. */
  detect(options: Options, env: NodeJS.ProcessEnv): Promise<boolean>;
  /** Where the runtime is reached, for messages ("unix:///run/containerd/containerd.sock"). */
  describeEndpoint(options: Options): string;
  connect(options: Options, context: ConnectContext): Promise<RuntimeHandle>;
}

/**
 * Identity helper that gives a plugin full type checking of its definition.
 *
 * ```ts
 * export default defineRuntimePlugin({ name: 'frakti', sdkVersion: SDK_VERSION, ... })
 * ```
 */
export function defineRuntimePlugin<Options extends object>(plugin: RuntimePlugin<Options>): RuntimePlugin<Options> {
  return plugin;
}

/** Which handle method serves each verb; used for capability checks and conformance. */
export const VERB_METHODS = {
  version: 'version',
  ps: 'listContainers',
  inspect: 'inspectContainer',
  create: 'createContainer',
  start: 'startContainer',
  stop: 'stopContainer',
  kill: 'killContainer',
  restart: 'restartContainer',
  pause: 'pauseContainer',
  unpause: 'unpauseContainer',
  rm: 'removeContainer',
  exec: 'exec',
  logs: 'logs',
  wait: 'wait',
  images: 'listImages',
  pull: 'pullImage',
  rmi: 'removeImage',
  pods: 'listPods',
} as const satisfies Record<Verb, keyof RuntimeHandle>;

/** The handle method type that serves a verb. */
export type VerbMethod<V extends Verb> = NonNullable<RuntimeHandle[(typeof VERB_METHODS)[V]]>;
