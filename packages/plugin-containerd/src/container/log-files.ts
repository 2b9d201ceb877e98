import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PluginContext } from '../context.ts';
import type { Container, Process } from '../grpc/messages.ts';
import { STDERR_LOG_LABEL, STDOUT_LOG_LABEL } from '../labels.ts';

export interface LogPaths {
  stdout: string;
  stderr: string;
}

/**
 * Where a container's output goes: `<logDir>/<namespace>/<id>/{stdout,stderr}.log`.
 * The paths are also stored as labels at create time, so a later change of
 * `logDir` still finds them.
 */
export function logPathsFor(context: PluginContext, id: string): LogPaths {
  const dir = join(context.options.logDir, context.connection.namespace, id);
  return { stdout: join(dir, 'stdout.log'), stderr: join(dir, 'stderr.log') };
}

export function containerLogPaths(context: PluginContext, container: Container): LogPaths {
  const fallback = logPathsFor(context, container.id);
  return {
    stdout: container.labels[STDOUT_LOG_LABEL] || fallback.stdout,
    stderr: container.labels[STDERR_LOG_LABEL] || fallback.stderr,
  };
}

/**
 * For containers someone else started (ctr run --log-uri file:///..., or a
 * task created by another client with plain file paths): the task's own stdio
 * paths. A `file://` URI receives both streams, so it is read as stdout.
 */
export function taskLogPaths(task: Process | undefined): LogPaths | undefined {
  if (!task?.stdout) return undefined;
  if (task.stdout.startsWith('file://')) return { stdout: fileURLToPath(task.stdout), stderr: '' };
  if (task.stdout.startsWith('/'))
    return { stdout: task.stdout, stderr: task.stderr.startsWith('/') ? task.stderr : '' };
  return undefined;
}

/**
 * The shim opens a stdio path that is not a FIFO as a regular file, for
 * appending, without creating it: we create both files first. (A `file://`
 * URI would also work but sends stdout and stderr into one file.)
 */
export async function prepareLogFiles(paths: LogPaths): Promise<void> {
  for (const path of [paths.stdout, paths.stderr]) {
    await mkdir(join(path, '..'), { recursive: true });
    await (await open(path, 'a')).close();
  }
}

/** Removes a container's log directory, only when it is the one we made. */
export async function removeLogFiles(context: PluginContext, container: Container): Promise<void> {
  const ours = logPathsFor(context, container.id);
  const paths = containerLogPaths(context, container);
  if (paths.stdout === ours.stdout) await rm(join(ours.stdout, '..'), { recursive: true, force: true });
}
