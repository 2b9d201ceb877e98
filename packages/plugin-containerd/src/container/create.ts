import { type CreateContainerSpec, conflict, invalidArgument, isIcrError, unsupported } from '@icr/core';
import type { PluginContext } from '../context.ts';
import type { CallOptions } from '../grpc/connection.ts';
import { type Container, jsonAny, OCI_SPEC_TYPE_URL } from '../grpc/messages.ts';
import { isValidId, MAX_ID_LENGTH, newContainerId } from '../ids.ts';
import { resolveImageContent } from '../image/content.ts';
import { findImage } from '../image/store.ts';
import { ensureUnpacked } from '../image/unpack.ts';
import { AUTO_REMOVE_LABEL, NAME_LABEL, STDERR_LOG_LABEL, STDOUT_LOG_LABEL } from '../labels.ts';
import { withLease } from '../lease.ts';
import { logPathsFor } from './log-files.ts';
import { buildSpec } from './spec.ts';

/**
 * What `ctr run` does up to the task: resolve the image in the content store,
 * unpack it if needed, prepare a writable snapshot on its chain ID, and
 * create the container with an OCI spec built from the image config.
 */
export async function createContainer(
  context: PluginContext,
  request: CreateContainerSpec,
  options: CallOptions,
): Promise<Container> {
  const { connection, runtime } = context;
  if (request.pod) throw unsupported('containerd has no pods; use the CRI runtime for pods', { runtime });
  const id = request.name ?? newContainerId();
  if (!isValidId(id)) {
    throw invalidArgument(
      `invalid container name ${JSON.stringify(id)}: containerd needs letters and digits, separated by single . _ or -, at most ${MAX_ID_LENGTH} characters`,
      { runtime },
    );
  }
  await ensureNameFree(context, id, options);
  const { snapshotter } = context.options;
  const paths = logPathsFor(context, id);

  return withLease(connection, options, async (lease) => {
    const leased = { ...options, lease };
    const image = await findImage(connection, request.image, leased);
    if (!image.target) throw invalidArgument(`image ${image.name} has no target`, { runtime });
    const content = await resolveImageContent(connection, image.target, image.name, leased);
    const chainId = await ensureUnpacked(connection, content, snapshotter, leased);
    const spec = buildSpec({
      id,
      namespace: connection.namespace,
      image: content.config,
      request,
      runtimeName: runtime,
    });
    await connection.call(
      'snapshots',
      'Prepare',
      { snapshotter, key: id, parent: chainId, labels: {} },
      {
        ...leased,
        subject: id,
      },
    );
    try {
      const labels: Record<string, string> = {
        ...(request.labels ?? {}),
        [STDOUT_LOG_LABEL]: paths.stdout,
        [STDERR_LOG_LABEL]: paths.stderr,
      };
      if (request.name) labels[NAME_LABEL] = request.name;
      if (request.autoRemove) labels[AUTO_REMOVE_LABEL] = 'true';
      const response = await connection.call<{ container: Container }>(
        'containers',
        'Create',
        {
          container: {
            id,
            labels,
            image: image.name,
            runtime: { name: context.options.runtime },
            spec: jsonAny(OCI_SPEC_TYPE_URL, spec),
            snapshotter,
            snapshotKey: id,
          },
        },
        { ...leased, subject: id },
      );
      return response.container;
    } catch (error) {
      await connection.call('snapshots', 'Remove', { snapshotter, key: id }, { lease }).catch(() => undefined);
      throw error;
    }
  });
}

async function ensureNameFree(context: PluginContext, id: string, options: CallOptions) {
  try {
    await context.connection.call('containers', 'Get', { id }, options);
  } catch (error) {
    if (isIcrError(error, 'not-found')) return;
    throw error;
  }
  throw conflict(`container name ${id} is already in use (namespace ${context.connection.namespace})`, {
    runtime: context.runtime,
  });
}
