import { defineRuntimePlugin, SDK_VERSION } from '@icr/core';
import {
  DEFAULT_DOCKER_HOST,
  type DockerPluginOptions,
  defaultDockerOptions,
  describeDockerEndpoint,
  detectDocker,
  resolveEndpoint,
} from './options.ts';

export type { DockerPluginOptions } from './options.ts';

export default defineRuntimePlugin<DockerPluginOptions>({
  name: 'docker',
  sdkVersion: SDK_VERSION,
  description: 'Docker Engine API (dockerd, or any engine speaking it) over a unix socket or tcp',
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
  pushdown: ['status', 'name', 'id', 'label', 'image'],
  defaultOptions: defaultDockerOptions,
  detect: async (options, env) => detectDocker({ ...options, host: options.host ?? env.DOCKER_HOST }),
  describeEndpoint: describeDockerEndpoint,
  async connect(options, context) {
    // No round trip here: the API version is negotiated on the first call, so an
    // idle configured runtime costs nothing and a dead daemon fails where it is used.
    // A config that sets other options but no host still honours DOCKER_HOST, as the docker CLI does.
    const host = options.host ?? context.env.DOCKER_HOST ?? DEFAULT_DOCKER_HOST;
    // Loaded here, not at the top: icr loads every plugin at start-up, and only the runtimes a command uses should pay for undici.
    const [{ DockerHandle }, { DockerTransport }] = await Promise.all([
      import('./handle.ts'),
      import('./transport.ts'),
    ]);
    const transport = new DockerTransport(resolveEndpoint({ ...options, host }, context.runtimeName), {
      runtime: context.runtimeName,
      apiVersion: options.apiVersion,
    });
    return new DockerHandle(transport);
  },
});
