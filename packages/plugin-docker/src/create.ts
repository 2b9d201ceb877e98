import { type CallOptions, type CreateContainerSpec, isIcrError } from '@icr/core';
import { envList } from './exec.ts';
import { pullImage } from './pull.ts';
import type { DockerTransport } from './transport.ts';

/**
 * Networking when the spec says nothing: `none`. dockerd's own default is the
 * `bridge` network, which hosts often lack (dockerd --bridge=none) and which
 * icr never relies on; a container that needs the network asks for `host`.
 */
export const DEFAULT_NETWORK_MODE = 'none';

export function createBody(spec: CreateContainerSpec): Record<string, unknown> {
  return {
    Image: spec.image,
    Cmd: spec.command,
    Entrypoint: spec.entrypoint,
    Env: envList(spec.env),
    Labels: spec.labels,
    User: spec.user,
    WorkingDir: spec.workdir,
    Tty: false,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    OpenStdin: false,
    HostConfig: {
      NetworkMode: spec.network ?? DEFAULT_NETWORK_MODE,
      ReadonlyRootfs: spec.readOnlyRootfs,
      Memory: spec.memoryLimit,
      AutoRemove: spec.autoRemove,
      Privileged: spec.privileged,
    },
  };
}

/**
 * Creates the container; when the image is not present the engine says 404
 * "No such image", and like `docker run` we pull it and try once more.
 * Returns the new container's id.
 */
export async function createContainer(
  transport: DockerTransport,
  spec: CreateContainerSpec,
  options: CallOptions = {},
): Promise<string> {
  const request = {
    method: 'POST' as const,
    path: '/containers/create',
    query: { name: spec.name },
    body: createBody(spec),
    signal: options.signal,
    subject: { kind: 'image' as const, ref: spec.image },
  };
  try {
    const created = await transport.json<{ Id: string }>(request);
    return created.Id;
  } catch (error) {
    if (!isIcrError(error, 'not-found') || !/no such image/i.test(error.message)) throw error;
  }
  await pullImage(transport, spec.image, { signal: options.signal });
  const created = await transport.json<{ Id: string }>(request);
  return created.Id;
}
