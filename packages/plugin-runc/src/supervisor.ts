/**
 * The per-container supervisor: a detached node process that runs
 * `<runtime> run` in the foreground, timestamps every output line into the
 * container's log file, and records the exit status in exit.json — runc
 * itself keeps no exit code. It imports only node builtins so it runs from
 * source (type stripping) and from dist alike.
 *
 * Usage: node supervisor.js '<SupervisorConfig as JSON>'
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';

export interface SupervisorConfig {
  binary: string;
  /** Full argument list for the foreground run, global flags included. */
  runArgs: string[];
  logPath: string;
  exitPath: string;
  pidPath: string;
  /** When set, the container's state and files are removed after it exits (`--rm`). */
  autoRemove?: { deleteArgs: string[]; paths: string[] };
}

export interface ExitRecord {
  exitCode: number | null;
  finishedAt: string;
  /** false when the runtime failed before the container's process started. */
  started: boolean;
  error?: string;
}

/** One log line: `<RFC3339 timestamp> <stdout|stderr> <line>`. */
export function formatLogLine(stream: 'stdout' | 'stderr', line: string, at = new Date()): string {
  return `${at.toISOString()} ${stream} ${line}\n`;
}

const SIGNAL_NUMBERS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGTERM: 15,
  SIGPIPE: 13,
};

function supervise(config: SupervisorConfig): void {
  // The supervisor outlives the shell that started it; stray terminal signals must not end it.
  for (const signal of ['SIGHUP', 'SIGINT', 'SIGPIPE'] as const) process.on(signal, () => {});
  const log = openSync(config.logPath, 'a');
  const child = spawn(config.binary, config.runArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  const pending: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
  const follow = (stream: Readable | null, name: 'stdout' | 'stderr') => {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const lines = (pending[name] + chunk).split('\n');
      pending[name] = lines.pop() ?? '';
      for (const line of lines) writeSync(log, formatLogLine(name, line));
    });
  };
  follow(child.stdout, 'stdout');
  follow(child.stderr, 'stderr');
  let spawnError: string | undefined;
  let finished = false;
  const finish = (code: number | null, signal: NodeJS.Signals | null) => {
    if (finished) return;
    finished = true;
    for (const name of ['stdout', 'stderr'] as const) {
      if (pending[name]) writeSync(log, formatLogLine(name, pending[name]));
    }
    closeSync(log);
    const exitCode = code ?? (signal ? 128 + (SIGNAL_NUMBERS[signal] ?? 0) : null);
    const record: ExitRecord = {
      exitCode: spawnError ? 127 : exitCode,
      finishedAt: new Date().toISOString(),
      started: existsSync(config.pidPath),
    };
    if (spawnError) record.error = spawnError;
    const temporary = `${config.exitPath}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(record)}\n`);
    renameSync(temporary, config.exitPath);
    if (config.autoRemove) {
      spawnSync(config.binary, config.autoRemove.deleteArgs, { stdio: 'ignore' });
      for (const target of config.autoRemove.paths) rmSync(target, { recursive: true, force: true });
    }
  };
  child.on('error', (error) => {
    spawnError = error.message;
    // A runtime that could not be spawned has no stdio to close.
    if (child.pid === undefined) finish(null, null);
  });
  child.on('close', finish);
}

if (process.argv[2] && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  supervise(JSON.parse(process.argv[2]) as SupervisorConfig);
}
