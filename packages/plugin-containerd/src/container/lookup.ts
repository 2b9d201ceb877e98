import { invalidArgument, isIcrError, notFound } from '@icr/core';
import type { CallOptions, ContainerdConnection } from '../grpc/connection.ts';
import type { Container, Process } from '../grpc/messages.ts';
import { containerName } from './record.ts';

export async function listContainerObjects(connection: ContainerdConnection, filters: string[], options: CallOptions) {
  const response = await connection.call<{ containers: Container[] }>('containers', 'List', { filters }, options);
  return response.containers;
}

/** All tasks of the namespace (Tasks.List ignores its filter in 1.6), by container id. */
export async function listTasks(connection: ContainerdConnection, options: CallOptions): Promise<Map<string, Process>> {
  const response = await connection.call<{ tasks: Process[] }>('tasks', 'List', {}, options);
  // A task's Process carries the container id in `id`; `container_id` is only set for exec processes.
  return new Map(response.tasks.map((task) => [task.id || task.containerId, task]));
}

export async function getTask(connection: ContainerdConnection, id: string, options: CallOptions) {
  try {
    const response = await connection.call<{ process: Process }>(
      'tasks',
      'Get',
      { containerId: id },
      { ...options, subject: id },
    );
    return response.process;
  } catch (error) {
    if (isIcrError(error, 'not-found')) return undefined;
    throw error;
  }
}

/** A container by exact id, `nerdctl/name` label, or unique id prefix. */
export async function findContainer(
  connection: ContainerdConnection,
  ref: string,
  options: CallOptions,
): Promise<Container> {
  const runtime = connection.runtimeName;
  if (ref === '') throw invalidArgument('give a container id or name', { runtime });
  try {
    const response = await connection.call<{ container: Container }>('containers', 'Get', { id: ref }, options);
    return response.container;
  } catch (error) {
    // Get rejects refs that are not valid ids with InvalidArgument; they may still be names.
    if (!isIcrError(error, 'not-found') && !isIcrError(error, 'invalid-argument')) throw error;
  }
  const all = await listContainerObjects(connection, [], options);
  const byName = all.filter((container) => containerName(container) === ref);
  const matches = byName.length > 0 ? byName : all.filter((container) => container.id.startsWith(ref));
  if (matches.length === 1) return matches[0] as Container;
  if (matches.length === 0) {
    throw notFound(`no such container: ${ref} (namespace ${connection.namespace})`, { runtime });
  }
  throw invalidArgument(`${ref} matches ${matches.length} containers; give more of the id`, { runtime });
}
