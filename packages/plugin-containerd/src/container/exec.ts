import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  conflict,
  type ExecOptions,
  type ExecResult,
  invalidArgument,
  isIcrError,
  runtimeError,
  timeout,
} from '@icr/core';
import type { PluginContext } from '../context.ts';
import { jsonAny, OCI_PROCESS_TYPE_URL } from '../grpc/messages.ts';
import { randomSuffix } from '../ids.ts';
import { containerLogPaths, prepareLogFiles } from './log-files.ts';
import { findContainer, getTask } from './lookup.ts';
import { decodeSpec } from './record.ts';
import { execProcessSpec } from './spec.ts';

/**
 * Tasks.Exec with a process spec derived from the container's, output to
 * two files next to the container's logs; Wait, then DeleteProcess (which
 * lets the shim finish copying output) before the files are read.
 */
export async function execInContainer(context: PluginContext, ref: string, options: ExecOptions): Promise<ExecResult> {
  const { connection, runtime } = context;
  if (options.command.length === 0) throw invalidArgument('exec needs a command', { runtime });
  const container = await findContainer(connection, ref, options);
  const task = await getTask(connection, container.id, options);
  if (task?.status !== 'RUNNING') {
    throw conflict(`container ${ref} is not running`, { runtime });
  }
  const base = decodeSpec(container)?.process;
  if (!base) throw runtimeError(`container ${container.id} has no process spec`, { runtime });
  const processSpec = execProcessSpec(base, options, runtime);

  const execId = `icr-exec-${randomSuffix()}`;
  const dir = join(containerLogPaths(context, container).stdout, '..', execId);
  const paths = { stdout: join(dir, 'stdout'), stderr: join(dir, 'stderr') };
  await prepareLogFiles(paths);
  const subject = `${container.id} ${execId}`;
  const ids = { containerId: container.id, execId };
  try {
    await connection.call(
      'tasks',
      'Exec',
      {
        ...ids,
        stdout: paths.stdout,
        stderr: paths.stderr,
        terminal: false,
        spec: jsonAny(OCI_PROCESS_TYPE_URL, processSpec),
      },
      { signal: options.signal, subject },
    );
    try {
      // Wait is sent before Start so that a fast exit cannot be missed.
      const waiting = connection.call<{ exitStatus: number }>('tasks', 'Wait', ids, {
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        subject,
      });
      waiting.catch(() => undefined);
      await connection.call('tasks', 'Start', ids, { signal: options.signal, subject });
      const { exitStatus } = await waiting;
      await connection.call('tasks', 'DeleteProcess', ids, { subject });
      const [stdout, stderr] = await Promise.all([readFile(paths.stdout, 'utf8'), readFile(paths.stderr, 'utf8')]);
      return { kind: 'exec', runtime, containerId: container.id, exitCode: exitStatus, stdout, stderr };
    } catch (error) {
      await connection.call('tasks', 'Kill', { ...ids, signal: 9 }, { subject }).catch(() => undefined);
      await connection.call('tasks', 'DeleteProcess', ids, { subject }).catch(() => undefined);
      if (isIcrError(error, 'timeout')) {
        throw timeout(`exec in ${ref} did not finish within ${options.timeoutMs} ms`, { runtime });
      }
      throw error;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
