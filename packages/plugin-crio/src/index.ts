import { defineRuntimePlugin, invalidArgument, SDK_VERSION, throwIfAborted } from '@icr/core';
import { endpointExists, firstExistingDefault, resolveEndpoint } from './endpoint.ts';

export interface CrioOptions {
  /** CRI endpoint: `unix:///var/run/crio/crio.sock`, a socket path, or `host:port`. */
  endpoint?: string;
  /** Deadline of one CRI call in milliseconds (pulls get at least 10 minutes). Default 60000. */
  timeoutMs?: number;
  /** Kubernetes namespace of the pods icr creates. Default "icr". */
  podNamespace?: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_POD_NAMESPACE = 'icr';

export default defineRuntimePlugin<CrioOptions>({
  name: 'crio',
  sdkVersion: SDK_VERSION,
  description: 'Any Kubernetes CRI v1 endpoint (CRI-O, containerd CRI, cri-dockerd) over gRPC',
  // No kill (CRI cannot send a chosen signal), restart (an exited CRI container cannot start again), pause or unpause.
  capabilities: [
    'version',
    'ps',
    'inspect',
    'create',
    'start',
    'stop',
    'rm',
    'exec',
    'logs',
    'wait',
    'images',
    'pull',
    'rmi',
    'pods',
  ],
  pushdown: ['status', 'label'],

  defaultOptions(env) {
    return env.CONTAINER_RUNTIME_ENDPOINT ? { endpoint: env.CONTAINER_RUNTIME_ENDPOINT } : {};
  },

  async detect(options, env) {
    const configured = options.endpoint || env.CONTAINER_RUNTIME_ENDPOINT;
    return configured ? endpointExists(configured) : firstExistingDefault() !== null;
  },

  describeEndpoint(options) {
    return resolveEndpoint(options.endpoint, process.env);
  },

  async connect(options, context) {
    const runtime = context.runtimeName;
    throwIfAborted(context.signal, runtime);
    if (options.endpoint !== undefined && (typeof options.endpoint !== 'string' || options.endpoint.trim() === '')) {
      throw invalidArgument('option "endpoint" must be a non-empty string', { runtime });
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) {
      throw invalidArgument(`option "timeoutMs" must be a positive number, got ${String(options.timeoutMs)}`, {
        runtime,
      });
    }
    const podNamespace = options.podNamespace ?? DEFAULT_POD_NAMESPACE;
    if (typeof podNamespace !== 'string' || podNamespace === '') {
      throw invalidArgument('option "podNamespace" must be a non-empty string', { runtime });
    }
    const endpoint = resolveEndpoint(options.endpoint, context.env);
    // Loaded here, not at the top: icr loads every plugin at start-up, and only the runtimes a command uses should pay for gRPC.
    const [{ CriClient }, { CriHandle }] = await Promise.all([import('./client.ts'), import('./handle.ts')]);
    const client = await CriClient.open({ endpoint, runtime, timeoutMs });
    return new CriHandle(client, { plugin: 'crio', podNamespace, timeoutMs });
  },
});
