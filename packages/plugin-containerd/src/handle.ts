import type { RuntimeHandle } from '@icr/core';
import { createContainer } from './container/create.ts';
import { execInContainer } from './container/exec.ts';
import {
  killContainer,
  pauseContainer,
  removeContainer,
  restartContainer,
  startContainer,
  stopContainer,
  unpauseContainer,
} from './container/lifecycle.ts';
import { readLogs } from './container/logs.ts';
import { inspectContainer, listContainers } from './container/query.ts';
import { toContainerRecord } from './container/record.ts';
import { waitForContainer } from './container/wait.ts';
import type { PluginContext } from './context.ts';
import { pullImage } from './image/pull.ts';
import { removeImage } from './image/remove.ts';
import { imageRecords, listImageObjects } from './image/store.ts';

/** The RuntimeHandle: each verb is one module's function over the shared context. */
export function createHandle(context: PluginContext): RuntimeHandle {
  const { connection, runtime } = context;
  let closed = false;
  return {
    async version(options = {}) {
      const response = await connection.call<{ version: string; revision: string }>('version', 'Version', {}, options);
      return {
        kind: 'version',
        runtime,
        plugin: 'containerd',
        product: 'containerd',
        version: response.version,
        apiVersion: 'v1',
        endpoint: connection.endpoint,
        raw: { ...response, namespace: connection.namespace },
      };
    },
    listContainers: (options = {}) => listContainers(context, options),
    inspectContainer: (ref, options = {}) => inspectContainer(context, ref, options),
    async createContainer(spec, options = {}) {
      const container = await createContainer(context, spec, options);
      return toContainerRecord(container, undefined, runtime);
    },
    startContainer: (ref, options = {}) => startContainer(context, ref, options),
    stopContainer: (ref, options = {}) => stopContainer(context, ref, options),
    killContainer: (ref, options = {}) => killContainer(context, ref, options),
    restartContainer: (ref, options = {}) => restartContainer(context, ref, options),
    pauseContainer: (ref, options = {}) => pauseContainer(context, ref, options),
    unpauseContainer: (ref, options = {}) => unpauseContainer(context, ref, options),
    removeContainer: (ref, options = {}) => removeContainer(context, ref, options),
    exec: (ref, options) => execInContainer(context, ref, options),
    logs: (ref, options = {}) => readLogs(context, ref, options),
    wait: (ref, options = {}) => waitForContainer(context, ref, options),
    async listImages(options = {}) {
      return imageRecords(connection, await listImageObjects(connection, options), options);
    },
    pullImage: (ref, options = {}) => pullImage(context, ref, options),
    removeImage: (ref, options = {}) => removeImage(context, ref, options),
    async close() {
      if (closed) return;
      closed = true;
      connection.close();
    },
  };
}
