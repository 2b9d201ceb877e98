import { conflict, type ExecOptions, type ExecResult, isIcrError, runtimeError } from '@icr/core';
import { Deadline } from './deadline.ts';
import { errorFromTransport } from './errors.ts';
import { refPath } from './paths.ts';
import { collectOutput, demultiplex } from './stream-demux.ts';
import type { DockerTransport } from './transport.ts';

interface ExecInspect {
  ID?: string;
  Running?: boolean;
  ExitCode?: number | null;
  ContainerID?: string;
}

export function envList(env: Record<string, string> | undefined): string[] | undefined {
  return env ? Object.entries(env).map(([key, value]) => `${key}=${value}`) : undefined;
}

/**
 * create → start (attached, so the engine hijacks the connection and streams
 * multiplexed stdout/stderr until the process ends) → inspect for the exit code.
 */
export async function execInContainer(
  transport: DockerTransport,
  ref: string,
  options: ExecOptions,
): Promise<ExecResult> {
  const runtime = transport.runtime;
  const deadline = new Deadline(options.signal, options.timeoutMs);
  const signal = deadline.signal;
  const subject = { kind: 'container' as const, ref };
  try {
    const created = await transport
      .json<{ Id: string }>({
        method: 'POST',
        path: `/containers/${refPath(ref)}/exec`,
        body: {
          AttachStdin: false,
          AttachStdout: true,
          AttachStderr: true,
          Tty: false,
          Cmd: options.command,
          Env: envList(options.env),
          User: options.user,
          WorkingDir: options.workdir,
        },
        signal,
        subject,
      })
      .catch((error: unknown) => {
        throw explainExecConflict(error, ref, runtime);
      });
    const execSubject = { kind: 'exec' as const, ref: created.Id };
    const startRequest = {
      method: 'POST' as const,
      path: `/exec/${created.Id}/start`,
      body: { Detach: false, Tty: false },
      signal,
      subject: execSubject,
      longLived: true,
    };
    const started = await transport.request(startRequest).catch((error: unknown) => {
      throw explainExecConflict(error, ref, runtime);
    });
    const output = await collectOutput(demultiplex(transport.chunks(started.body, startRequest)));
    if (output.system) throw runtimeError(`exec in ${ref} failed: ${output.system.trim()}`, { runtime });
    const inspected = await exitStatus(transport, created.Id, signal);
    return {
      kind: 'exec',
      runtime,
      containerId: inspected.ContainerID ?? ref,
      exitCode: inspected.ExitCode ?? -1,
      stdout: output.stdout,
      stderr: output.stderr,
    };
  } catch (error) {
    const typed = errorFromTransport(error, transport.errorContext(subject), signal);
    throw deadline.explain(
      typed,
      `exec ${JSON.stringify(options.command.join(' '))} in ${ref}`,
      runtime,
      options.timeoutMs,
    );
  }
}

/** The engine records the exit code as the process is reaped, which can trail the end of the stream a little. */
async function exitStatus(
  transport: DockerTransport,
  execId: string,
  signal: AbortSignal | undefined,
): Promise<ExecInspect> {
  let delay = 10;
  for (let attempt = 0; ; attempt++) {
    const inspected = await transport.json<ExecInspect>({
      method: 'GET',
      path: `/exec/${execId}/json`,
      signal,
      subject: { kind: 'exec', ref: execId },
    });
    if (!inspected.Running && inspected.ExitCode !== null && inspected.ExitCode !== undefined) return inspected;
    if (attempt >= 40) {
      throw runtimeError(`exec ${execId} ended its output but the engine reports no exit code`, {
        runtime: transport.runtime,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 500);
  }
}

/** Docker says "Container <64 hex> is not running"; say it with the name the user typed and what to do. */
function explainExecConflict(error: unknown, ref: string, runtime: string): unknown {
  if (!isIcrError(error, 'conflict')) return error;
  const paused = /paused/i.test(error.message);
  return conflict(`container ${ref} is ${paused ? 'paused' : 'not running'}: cannot exec in it`, {
    runtime,
    hint: paused ? `unpause ${ref} first` : `start ${ref} first (exec needs a running container)`,
    cause: error,
  });
}
