import { isIcrError, throwIfAborted, timeout, type WaitOptions, type WaitResult } from '@icr/core';
import type { PluginContext } from '../context.ts';
import type { Container } from '../grpc/messages.ts';
import { AUTO_REMOVE_LABEL } from '../labels.ts';
import { EventWakeups } from './events.ts';
import { removeContainerObject } from './lifecycle.ts';
import { findContainer, getTask } from './lookup.ts';
import { toContainerRecord } from './record.ts';

/** Events after which a waiter re-checks: a task started or exited, a container went away. */
const WAKEUP_TOPICS = ['/tasks/start', '/tasks/exit', '/containers/delete'];

/**
 * `exited` blocks in Tasks.Wait (and removes an `--rm` container afterwards);
 * `running` and `removed` have no such call, so they re-check the state
 * whenever containerd publishes a task or container event (and once a second).
 */
export async function waitForContainer(context: PluginContext, ref: string, options: WaitOptions): Promise<WaitResult> {
  const condition = options.for ?? 'exited';
  const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
  const remaining = () => (deadline === undefined ? undefined : Math.max(1, deadline - Date.now()));
  const timedOut = () =>
    timeout(`container ${ref} did not become ${condition} within ${options.timeoutMs} ms`, {
      runtime: context.runtime,
    });
  const call = { signal: options.signal };
  const wakeups = new EventWakeups(context.connection, WAKEUP_TOPICS, options.signal);
  try {
    return await waitLoop();
  } finally {
    wakeups.close();
  }

  async function waitLoop(): Promise<WaitResult> {
    while (true) {
      let container: Container;
      try {
        container = await findContainer(context.connection, ref, call);
      } catch (error) {
        if (condition === 'removed' && isIcrError(error, 'not-found'))
          return { id: ref, status: 'removed', exitCode: null };
        throw error;
      }
      const task = await getTask(context.connection, container.id, call);
      const record = toContainerRecord(container, task, context.runtime);
      if (condition === 'running' && record.status === 'running')
        return { id: container.id, status: 'running', exitCode: null };
      if (condition === 'exited' && record.status === 'exited') {
        await autoRemove(context, container, options.signal);
        return { id: container.id, status: 'exited', exitCode: record.exitCode };
      }
      if (condition === 'exited' && task && task.status !== 'STOPPED') {
        let exitStatus: number;
        try {
          ({ exitStatus } = await context.connection.call<{ exitStatus: number }>(
            'tasks',
            'Wait',
            { containerId: container.id },
            { ...call, timeoutMs: remaining(), subject: container.id },
          ));
        } catch (error) {
          if (isIcrError(error, 'timeout')) throw timedOut();
          throw error;
        }
        await autoRemove(context, container, options.signal);
        return { id: container.id, status: 'exited', exitCode: exitStatus };
      }
      if (deadline !== undefined && Date.now() >= deadline) throw timedOut();
      await wakeups.next(remaining());
      throwIfAborted(options.signal, context.runtime);
    }
  }
}

/** containerd cannot remove a container by itself when it exits: `--rm` is honoured by whoever waits. */
async function autoRemove(context: PluginContext, container: Container, signal: AbortSignal | undefined) {
  if (container.labels[AUTO_REMOVE_LABEL] !== 'true') return;
  await removeContainerObject(context, container, { signal, force: true }).catch((error: unknown) => {
    if (!isIcrError(error, 'not-found')) throw error;
  });
}
