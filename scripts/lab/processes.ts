/**
 * Process bookkeeping: the lab starts daemons detached (their own session, so they
 * outlive `up` and a Ctrl-C), records each pid with its command line, and later stops
 * only those it recorded — never by name, since other daemons may run on this machine.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LabLayout } from './layout.ts';

export interface ProcessRecord {
  name: string;
  pid: number;
  argv: string[];
  log: string;
  startedAt: string;
}

export function logPath(layout: LabLayout, name: string): string {
  return path.join(layout.logsDir, `${name}.log`);
}

function recordPath(layout: LabLayout, name: string): string {
  return path.join(layout.pidsDir, `${name}.json`);
}

export function readRecord(layout: LabLayout, name: string): ProcessRecord | null {
  try {
    return JSON.parse(fs.readFileSync(recordPath(layout, name), 'utf8')) as ProcessRecord;
  } catch {
    return null;
  }
}

export function listRecords(layout: LabLayout): ProcessRecord[] {
  let files: string[];
  try {
    files = fs.readdirSync(layout.pidsDir);
  } catch {
    return [];
  }
  return files
    .filter((file) => file.endsWith('.json'))
    .map((file) => readRecord(layout, file.slice(0, -'.json'.length)))
    .filter((record): record is ProcessRecord => record !== null);
}

export function forgetRecord(layout: LabLayout, name: string): void {
  fs.rmSync(recordPath(layout, name), { force: true });
}

/** argv of a live process, or null when it is gone (or a zombie, whose cmdline is empty). */
export function processArgv(pid: number): string[] | null {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (raw === '') return null;
    return raw.replace(/\0$/, '').split('\0');
  } catch {
    return null;
  }
}

/** Alive and still the program we started (a recycled pid runs something else). */
export function isRecordAlive(record: ProcessRecord): boolean {
  const argv = processArgv(record.pid);
  if (!argv || argv.length === 0) return false;
  return path.basename(argv[0] ?? '') === path.basename(record.argv[0] ?? '');
}

export function spawnDaemon(
  layout: LabLayout,
  name: string,
  argv: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): ProcessRecord {
  fs.mkdirSync(layout.logsDir, { recursive: true });
  fs.mkdirSync(layout.pidsDir, { recursive: true });
  const log = logPath(layout, name);
  const fd = fs.openSync(log, 'a');
  const [command, ...args] = argv;
  if (!command) throw new Error(`lab: empty command for ${name}`);
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', fd, fd],
    cwd: options.cwd ?? layout.dir,
    env: options.env ?? process.env,
  });
  fs.closeSync(fd);
  if (child.pid === undefined) throw new Error(`lab: could not start ${command} (see ${log})`);
  child.on('error', () => {});
  child.unref();
  const record: ProcessRecord = { name, pid: child.pid, argv, log, startedAt: new Date().toISOString() };
  fs.writeFileSync(recordPath(layout, name), `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers kill(0); it has exited for our purposes.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** TERM, wait up to `graceMs`, then KILL. Resolves once the pid is gone. */
export async function stopPid(pid: number, graceMs = 10_000): Promise<'term' | 'kill' | 'gone'> {
  if (!isPidAlive(pid)) return 'gone';
  try {
    process.kill(pid, 'SIGTERM');
    // A stopped (SIGSTOP, or ptrace'd) daemon only acts on TERM once continued.
    process.kill(pid, 'SIGCONT');
  } catch {
    return 'gone';
  }
  if (await waitForExit(pid, graceMs)) return 'term';
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return 'kill';
  }
  await waitForExit(pid, 5_000);
  return 'kill';
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isPidAlive(pid)) return true;
    await sleep(50);
  }
  return !isPidAlive(pid);
}

export function tailFile(file: string, lines = 20): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Polls `check` until it returns true. Fails early when the daemon exits, and the
 * error carries the end of its log, which is what one needs to see to fix it.
 */
export async function waitUntilReady(
  record: ProcessRecord,
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let delay = 25;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    if (!isRecordAlive(record)) {
      throw new Error(`lab: ${what} exited during startup. Last lines of ${record.log}:\n${tailFile(record.log)}`);
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 250);
  }
  throw new Error(
    `lab: ${what} did not answer within ${timeoutMs} ms. Last lines of ${record.log}:\n${tailFile(record.log)}`,
  );
}
