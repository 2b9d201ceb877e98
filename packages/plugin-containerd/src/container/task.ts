import { constants } from 'node:os';
import { invalidArgument, isIcrError } from '@icr/core';
import type { PluginContext } from '../context.ts';
import type { CallOptions } from '../grpc/connection.ts';
import type { Container, Mount } from '../grpc/messages.ts';
import { containerLogPaths, prepareLogFiles } from './log-files.ts';

/** Creates the container's task (its init process, not yet started) with output to its log files. */
export async function createTask(context: PluginContext, container: Container, options: CallOptions): Promise<void> {
  const { connection } = context;
  const { mounts } = await connection.call<{ mounts: Mount[] }>(
    'snapshots',
    'Mounts',
    { snapshotter: container.snapshotter, key: container.snapshotKey },
    { ...options, subject: container.snapshotKey },
  );
  const paths = containerLogPaths(context, container);
  await prepareLogFiles(paths);
  await connection.call(
    'tasks',
    'Create',
    { containerId: container.id, rootfs: mounts, stdout: paths.stdout, stderr: paths.stderr, terminal: false },
    { ...options, subject: container.id },
  );
}

export async function startTask(context: PluginContext, id: string, options: CallOptions): Promise<void> {
  await context.connection.call('tasks', 'Start', { containerId: id }, { ...options, subject: id });
}

/** Sends a signal; a task that already exited is not an error. */
export async function signalTask(
  context: PluginContext,
  id: string,
  signal: number,
  options: CallOptions & { all?: boolean },
): Promise<void> {
  try {
    await context.connection.call(
      'tasks',
      'Kill',
      { containerId: id, signal, all: options.all ?? false },
      {
        ...options,
        subject: id,
      },
    );
  } catch (error) {
    if (!isIcrError(error, 'not-found')) throw error;
  }
}

/** Waits for the task's exit; `timeout` IcrError after `timeoutMs`. */
export async function waitTask(context: PluginContext, id: string, options: CallOptions) {
  return context.connection.call<{ exitStatus: number }>(
    'tasks',
    'Wait',
    { containerId: id },
    { ...options, subject: id },
  );
}

export async function deleteTask(context: PluginContext, id: string, options: CallOptions) {
  try {
    return await context.connection.call<{ exitStatus: number }>(
      'tasks',
      'Delete',
      { containerId: id },
      {
        ...options,
        subject: id,
      },
    );
  } catch (error) {
    if (isIcrError(error, 'not-found')) return undefined;
    throw error;
  }
}

/** "SIGTERM", "TERM", "term", "15" → 15. */
export function signalNumber(name: string, runtime: string): number {
  if (/^\d+$/.test(name)) return Number(name);
  const upper = name.toUpperCase();
  const key = (upper.startsWith('SIG') ? upper : `SIG${upper}`) as keyof typeof constants.signals;
  const number = constants.signals[key];
  if (number === undefined) throw invalidArgument(`unknown signal ${name}`, { runtime });
  return number;
}
