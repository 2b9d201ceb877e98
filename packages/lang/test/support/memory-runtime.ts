/**
 * An in-memory runtime for the language's pure unit tests (filters, bulk
 * result handling, rendering). It is never used to test runtime behaviour:
 * that is what the lab's real runtimes are for (packages/lang/test/*.test.ts).
 */
import {
  type ContainerRecord,
  defineRuntimePlugin,
  notFound,
  type RuntimeHandle,
  RuntimeRegistry,
  SDK_VERSION,
} from '@icr/core';
import type { OutputStreams, Session } from '../../src/execution/session.ts';

export function container(partial: Partial<ContainerRecord> & { name: string }): ContainerRecord {
  return {
    kind: 'container',
    runtime: 'mem',
    id: `${partial.name}0123456789abcdef0123456789abcdef`,
    image: 'busybox:latest',
    imageId: null,
    status: 'running',
    createdAt: new Date('2026-01-01T00:00:00Z'),
    startedAt: null,
    finishedAt: null,
    exitCode: null,
    pid: null,
    labels: {},
    command: ['sh'],
    podId: null,
    security: null,
    raw: {},
    ...partial,
  };
}

export interface MemoryRuntime {
  containers: ContainerRecord[];
  /** Names whose stop fails, to exercise per-item failures. */
  failStop: Set<string>;
  calls: string[];
}

export function memorySession(state: MemoryRuntime, options: { runtimeName?: string } = {}) {
  const runtimeName = options.runtimeName ?? 'mem';
  const find = (ref: string) => {
    const found = state.containers.find((item) => item.id === ref || item.name === ref || item.id.startsWith(ref));
    if (!found) throw notFound(`no such container: ${ref}`, { runtime: runtimeName });
    return found;
  };
  const handle: RuntimeHandle = {
    version: async () => ({
      kind: 'version',
      runtime: runtimeName,
      plugin: 'mem',
      product: 'memory',
      version: '1',
      apiVersion: null,
      endpoint: 'memory',
      raw: {},
    }),
    // Records the filters it was asked to push down, and ignores them: icr must re-apply every one.
    listContainers: async (opts) => {
      if (opts?.filters) state.calls.push(`ps ${JSON.stringify(opts.filters)}`);
      return state.containers.filter((item) => opts?.all || item.status === 'running');
    },
    inspectContainer: async (ref) => find(ref),
    stopContainer: async (ref) => {
      const item = find(ref);
      state.calls.push(`stop ${item.name}`);
      if (state.failStop.has(item.name)) throw new Error(`cannot stop ${item.name}`);
      item.status = 'exited';
    },
    removeContainer: async (ref) => {
      const item = find(ref);
      state.calls.push(`rm ${item.name}`);
      state.containers = state.containers.filter((entry) => entry !== item);
    },
    close: async () => {},
  };
  const plugin = defineRuntimePlugin<Record<string, unknown>>({
    name: 'mem',
    sdkVersion: SDK_VERSION,
    description: 'in-memory test runtime',
    capabilities: ['version', 'ps', 'inspect', 'stop', 'rm'],
    defaultOptions: () => ({}),
    detect: async () => true,
    describeEndpoint: () => 'memory',
    connect: async () => handle,
  });
  const registry = new RuntimeRegistry(
    { filepath: null, config: {} },
    new Map([[runtimeName, { name: runtimeName, plugin, options: {}, configured: true, endpoint: 'memory' }]]),
    [],
    {},
  );
  const out: string[] = [];
  const err: string[] = [];
  const io: OutputStreams = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
  };
  const session: Session = {
    registry,
    defaultRuntime: runtimeName,
    io,
    color: false,
    output: 'table',
    args: [],
    env: {},
  };
  return { session, stdout: () => out.join(''), stderr: () => err.join('') };
}
