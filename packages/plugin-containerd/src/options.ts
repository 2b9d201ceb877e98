/** Options of the `containerd` plugin, as written in the icr config. */
export interface ContainerdOptions {
  /** containerd's gRPC socket (a path, or `unix://` URL). */
  address?: string;
  /** containerd namespace: `default` is ctr's and nerdctl's, `k8s.io` CRI's, `moby` dockerd's. */
  namespace?: string;
  snapshotter?: string;
  runtime?: string;
  /** Directory where the shim appends each task's stdout and stderr. */
  logDir?: string;
  /** Registries pulled from over plain HTTP (127.0.0.1 and localhost always are). */
  insecureRegistries?: string[];
}

export interface ResolvedOptions {
  /** Socket path without a scheme. */
  socketPath: string;
  namespace: string;
  snapshotter: string;
  runtime: string;
  logDir: string;
  insecureRegistries: string[];
}

export const DEFAULT_ADDRESS = '/run/containerd/containerd.sock';
export const DEFAULT_LOG_DIR = '/var/lib/icr-containerd/logs';

export function defaultOptions(env: NodeJS.ProcessEnv): ContainerdOptions {
  return {
    address: env.CONTAINERD_ADDRESS || DEFAULT_ADDRESS,
    namespace: env.CONTAINERD_NAMESPACE || 'default',
  };
}

export function resolveOptions(options: ContainerdOptions, env: NodeJS.ProcessEnv): ResolvedOptions {
  return {
    socketPath: socketPath(options.address || env.CONTAINERD_ADDRESS || DEFAULT_ADDRESS),
    namespace: options.namespace || env.CONTAINERD_NAMESPACE || 'default',
    snapshotter: options.snapshotter || 'overlayfs',
    runtime: options.runtime || 'io.containerd.runc.v2',
    logDir: options.logDir || DEFAULT_LOG_DIR,
    insecureRegistries: options.insecureRegistries ?? [],
  };
}

export function socketPath(address: string): string {
  return address.replace(/^unix:\/\//, '');
}

export function describeEndpoint(options: ContainerdOptions): string {
  return `unix://${socketPath(options.address || DEFAULT_ADDRESS)}`;
}
