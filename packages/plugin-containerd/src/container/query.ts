import {
  type ContainerRecord,
  type CallOptions as CoreCallOptions,
  invalidArgument,
  isIcrError,
  type ListContainersOptions,
} from '@icr/core';
import type { PluginContext } from '../context.ts';
import { findContainer, getTask, listContainerObjects, listTasks } from './lookup.ts';
import { toContainerRecord } from './record.ts';

/** Containers.List joined with Tasks.List: two calls whatever the number of containers. */
export async function listContainers(
  context: PluginContext,
  options: ListContainersOptions,
): Promise<ContainerRecord[]> {
  const call = { signal: options.signal };
  const [containers, tasks] = await Promise.all([
    listContainerObjects(context.connection, containerFilters(options), call),
    listTasks(context.connection, call),
  ]);
  const records = containers.map((container) => toContainerRecord(container, tasks.get(container.id), context.runtime));
  return options.all ? records : records.filter((record) => record.status === 'running' || record.status === 'paused');
}

/** Filters containerd evaluates itself (id, labels, image); the rest icr applies afterwards. */
function containerFilters(options: ListContainersOptions): string[] {
  const filters = options.filters;
  if (!filters) return [];
  const parts: string[] = [];
  if (filters.id && /^[A-Za-z0-9._-]+$/.test(filters.id)) parts.push(`id~=^${filters.id.replace(/\./g, '\\.')}`);
  for (const [key, value] of Object.entries(filters.labels ?? {})) {
    if (!/^[A-Za-z0-9._/-]+$/.test(key)) continue;
    parts.push(value === null ? `labels."${key}"` : `labels."${key}"==${JSON.stringify(value)}`);
  }
  if (filters.image && /^[A-Za-z0-9._/:@-]+$/.test(filters.image)) parts.push(`image==${filters.image}`);
  return parts.length === 0 ? [] : [parts.join(',')];
}

export async function inspectContainer(context: PluginContext, ref: string, options: CoreCallOptions) {
  if (ref === '') throw invalidArgument('give a container id or name', { runtime: context.runtime });
  const container = await findContainer(context.connection, ref, options);
  const task = await getTask(context.connection, container.id, options);
  const record = toContainerRecord(container, task, context.runtime);
  record.imageId = await imageTarget(context, container.image, options);
  return record;
}

async function imageTarget(context: PluginContext, name: string, options: CoreCallOptions): Promise<string | null> {
  if (!name) return null;
  try {
    const response = await context.connection.call<{ image: { target: { digest: string } | null } }>(
      'images',
      'Get',
      { name },
      options,
    );
    return response.image.target?.digest ?? null;
  } catch (error) {
    if (isIcrError(error, 'not-found')) return null;
    throw error;
  }
}
