import { access, constants } from 'node:fs/promises';
import { defineRuntimePlugin, SDK_VERSION } from '@icr/core';
import { type ContainerdOptions, defaultOptions, describeEndpoint, resolveOptions } from './options.ts';

export type { ContainerdOptions } from './options.ts';

/**
 * containerd's native gRPC API: the containers ctr and nerdctl see, in one
 * namespace (`default`; CRI's are in `k8s.io`, dockerd's in `moby`).
 */
export default defineRuntimePlugin<ContainerdOptions>({
  name: 'containerd',
  sdkVersion: SDK_VERSION,
  description: "containerd's native API (what ctr and nerdctl use), one namespace per runtime instance",
  capabilities: [
    'version',
    'ps',
    'inspect',
    'create',
    'start',
    'stop',
    'kill',
    'restart',
    'pause',
    'unpause',
    'rm',
    'exec',
    'logs',
    'wait',
    'images',
    'pull',
    'rmi',
  ],
  pushdown: ['label', 'image'],
  defaultOptions,
  async detect(options, env) {
    try {
      await access(resolveOptions(options, env).socketPath, constants.F_OK);
      return true;
    } catch {
      return false;
    }
  },
  describeEndpoint,
  async connect(options, context) {
    const resolved = resolveOptions(options, context.env);
    // Loaded here, not at the top: icr loads every plugin at start-up, and only the runtimes a command uses should pay for gRPC.
    const [{ ContainerdConnection }, { createHandle }] = await Promise.all([
      import('./grpc/connection.ts'),
      import('./handle.ts'),
    ]);
    const connection = await ContainerdConnection.open({
      socketPath: resolved.socketPath,
      namespace: resolved.namespace,
      runtimeName: context.runtimeName,
    });
    return createHandle({ connection, options: resolved, runtime: context.runtimeName });
  },
});
