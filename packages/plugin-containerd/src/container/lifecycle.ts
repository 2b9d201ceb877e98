import { conflict, isIcrError, type KillOptions, type RemoveOptions, type StopOptions } from '@icr/core';
import type { PluginContext } from '../context.ts';
import type { CallOptions } from '../grpc/connection.ts';
import type { Container } from '../grpc/messages.ts';
import { removeLogFiles } from './log-files.ts';
import { findContainer, getTask } from './lookup.ts';
import { createTask, deleteTask, signalNumber, signalTask, startTask, waitTask } from './task.ts';

const SIGTERM = 15;
const SIGKILL = 9;
/** How long to wait for a SIGKILLed task to be reaped. */
const KILL_WAIT_MS = 10_000;

/** Starts the container, creating its task first; an exited task is replaced like `ctr task start` after a delete. */
export async function startContainer(context: PluginContext, ref: string, options: CallOptions): Promise<void> {
  const container = await findContainer(context.connection, ref, options);
  const task = await getTask(context.connection, container.id, options);
  if (task?.status === 'RUNNING') return;
  if (task?.status === 'PAUSED' || task?.status === 'PAUSING') {
    throw conflict(`container ${ref} is paused; unpause it instead`, { runtime: context.runtime });
  }
  if (task?.status === 'CREATED') return startTask(context, container.id, options);
  if (task) await deleteTask(context, container.id, options);
  await createTask(context, container, options);
  try {
    await startTask(context, container.id, options);
  } catch (error) {
    await deleteTask(context, container.id, {}).catch(() => undefined);
    throw error;
  }
}

/** SIGTERM, then SIGKILL after `timeoutSeconds`. The stopped task stays, so its exit code shows in `ps`. */
export async function stopContainer(context: PluginContext, ref: string, options: StopOptions): Promise<void> {
  const container = await findContainer(context.connection, ref, options);
  await stopTask(context, container, options.timeoutSeconds ?? 10, options);
}

export async function stopTask(
  context: PluginContext,
  container: Container,
  timeoutSeconds: number,
  options: CallOptions,
) {
  const task = await getTask(context.connection, container.id, options);
  if (!task || task.status === 'STOPPED') return;
  // A frozen task would not see SIGTERM until thawed.
  if (task.status === 'PAUSED' || task.status === 'PAUSING') {
    await context.connection.call(
      'tasks',
      'Resume',
      { containerId: container.id },
      { ...options, subject: container.id },
    );
  }
  if (timeoutSeconds > 0) {
    await signalTask(context, container.id, SIGTERM, options);
    try {
      await waitTask(context, container.id, { ...options, timeoutMs: timeoutSeconds * 1000 });
      return;
    } catch (error) {
      if (!isIcrError(error, 'timeout')) throw error;
    }
  }
  await signalTask(context, container.id, SIGKILL, { ...options, all: true });
  await waitTask(context, container.id, { ...options, timeoutMs: KILL_WAIT_MS });
}

export async function killContainer(context: PluginContext, ref: string, options: KillOptions): Promise<void> {
  const signal = signalNumber(options.killSignal ?? 'SIGKILL', context.runtime);
  const container = await findContainer(context.connection, ref, options);
  const task = await getTask(context.connection, container.id, options);
  if (!task || task.status === 'STOPPED' || task.status === 'CREATED') {
    throw conflict(`container ${ref} is not running`, { runtime: context.runtime });
  }
  await context.connection.call(
    'tasks',
    'Kill',
    { containerId: container.id, signal, all: false },
    {
      ...options,
      subject: container.id,
    },
  );
}

export async function pauseContainer(context: PluginContext, ref: string, options: CallOptions): Promise<void> {
  const container = await findContainer(context.connection, ref, options);
  await context.connection.call('tasks', 'Pause', { containerId: container.id }, { ...options, subject: container.id });
}

export async function unpauseContainer(context: PluginContext, ref: string, options: CallOptions): Promise<void> {
  const container = await findContainer(context.connection, ref, options);
  await context.connection.call(
    'tasks',
    'Resume',
    { containerId: container.id },
    { ...options, subject: container.id },
  );
}

export async function restartContainer(context: PluginContext, ref: string, options: StopOptions): Promise<void> {
  await stopContainer(context, ref, options);
  await startContainer(context, ref, options);
}

/** Task, container, snapshot and log files, in that order (what `ctr rm` and `ctr task rm` do). */
export async function removeContainer(context: PluginContext, ref: string, options: RemoveOptions): Promise<void> {
  const container = await findContainer(context.connection, ref, options);
  await removeContainerObject(context, container, options);
}

export async function removeContainerObject(context: PluginContext, container: Container, options: RemoveOptions) {
  const { connection } = context;
  const task = await getTask(connection, container.id, options);
  if (task && task.status !== 'STOPPED') {
    if (!options.force && task.status !== 'CREATED') {
      throw conflict(
        `container ${container.id} is ${task.status.toLowerCase()}; stop it first or remove it with force`,
        {
          runtime: context.runtime,
        },
      );
    }
    await stopTask(context, container, 0, options);
  }
  if (task) await deleteTask(context, container.id, options);
  await connection.call('containers', 'Delete', { id: container.id }, { ...options, subject: container.id });
  if (container.snapshotKey) {
    await connection
      .call('snapshots', 'Remove', { snapshotter: container.snapshotter, key: container.snapshotKey }, options)
      .catch((error: unknown) => {
        if (!isIcrError(error, 'not-found')) throw error;
      });
  }
  await removeLogFiles(context, container);
}
