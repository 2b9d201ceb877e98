import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseLogLine, readLog } from './logs.ts';
import { globalArgs, resolveOptions } from './options.ts';
import { type ContainerSnapshot, statusOf } from './records.ts';
import { cleanRuntimeMessage, RuncCli } from './runc-cli.ts';
import { formatLogLine } from './supervisor.ts';

describe('options', () => {
  it('adds runsc network flags only for runsc and only when the user set none', () => {
    expect(globalArgs(resolveOptions({ root: '/r' }))).toEqual(['--root', '/r']);
    expect(globalArgs(resolveOptions({ binary: '/usr/bin/runsc', root: '/r' }))).toEqual([
      '--root',
      '/r',
      '--network=none',
    ]);
    expect(globalArgs(resolveOptions({ binary: 'runsc', root: '/r' }), 'host')).toEqual([
      '--root',
      '/r',
      '--network=host',
    ]);
    expect(globalArgs(resolveOptions({ binary: 'runsc', root: '/r', extraArgs: ['--network=sandbox'] }))).toEqual([
      '--root',
      '/r',
      '--network=sandbox',
    ]);
    expect(resolveOptions({})).toMatchObject({ binary: 'runc', root: '/run/icr-runc', dataDir: '/var/lib/icr-runc' });
  });
});

describe('runtime messages', () => {
  const cli = new RuncCli(resolveOptions({ binary: 'runc' }), 'rt');

  it('keeps the msg of runc error lines and drops debug noise', () => {
    expect(
      cleanRuntimeMessage(
        'time="2026-11-26T07:49:59Z" level=warning msg="ignored"\ntime="2026-11-26T07:49:59Z" level=error msg="container \\"x\\" does not exist"\n',
      ),
    ).toBe('container "x" does not exist');
    expect(cleanRuntimeMessage('W1126 07:00:00.000 noise\nloading container: file does not exist\n')).toBe(
      'loading container: file does not exist',
    );
  });

  it('turns the stderr of runc and runsc into typed errors', () => {
    expect(cli.errorFrom(['state'], 'time="x" level=error msg="container does not exist"').code).toBe('not-found');
    expect(cli.errorFrom(['state'], 'loading container: file does not exist').code).toBe('not-found');
    expect(cli.errorFrom(['kill'], 'level=error msg="container not running"').code).toBe('conflict');
    const other = cli.errorFrom(['pause'], 'level=error msg="cgroups: freezer is broken"');
    expect(other.code).toBe('runtime-error');
    expect(other.message).toBe('runc pause: cgroups: freezer is broken');
    expect(other.runtime).toBe('rt');
  });
});

describe('log lines', () => {
  it('round-trips the supervisor format, spaces included', () => {
    const at = new Date('2026-11-26T07:00:00.123Z');
    const text = formatLogLine('stderr', '  two  spaces ', at);
    expect(text).toBe('2026-11-26T07:00:00.123Z stderr   two  spaces \n');
    expect(parseLogLine(text.slice(0, -1))).toEqual({ stream: 'stderr', line: '  two  spaces ', timestamp: at });
    expect(parseLogLine('2026-11-26T07:00:00.123Z stdout ')).toMatchObject({ line: '' });
    expect(parseLogLine('garbage')).toBeNull();
  });

  it('reads with tail and since', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'icr-logs-'));
    try {
      const file = path.join(dir, 'container.log');
      const t = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
      await writeFile(
        file,
        [
          formatLogLine('stdout', 'a', t(1)),
          formatLogLine('stderr', 'b', t(2)),
          formatLogLine('stdout', 'c', t(3)),
        ].join(''),
      );
      const read = async (options: { tail?: number; since?: Date }) => {
        const lines: string[] = [];
        for await (const entry of readLog(file, {
          ...options,
          finished: async () => true,
          onAbort: () => new Error(),
        })) {
          lines.push(entry.line);
        }
        return lines;
      };
      expect(await read({})).toEqual(['a', 'b', 'c']);
      expect(await read({ tail: 2 })).toEqual(['b', 'c']);
      expect(await read({ tail: 0 })).toEqual([]);
      expect(await read({ since: t(2) })).toEqual(['b', 'c']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('statusOf', () => {
  const base: ContainerSnapshot = {
    id: 'x',
    meta: null,
    state: null,
    exit: null,
    start: null,
    hasPid: false,
    supervising: false,
    spec: null,
  };
  it('prefers the runtime state, then the exit record, then the start record', () => {
    expect(statusOf({ ...base, state: { id: 'x', status: 'paused' } }).status).toBe('paused');
    expect(statusOf({ ...base, state: { id: 'x', status: 'running' } }).status).toBe('running');
    expect(statusOf(base)).toEqual({ status: 'created', exitCode: null });
    const exit = { exitCode: 3, finishedAt: '2026-01-01T00:00:00Z', started: true };
    expect(statusOf({ ...base, exit })).toEqual({ status: 'exited', exitCode: 3 });
    const start = { startedAt: '2026-01-01T00:00:00Z', supervisorPid: 1 };
    expect(statusOf({ ...base, start, supervising: true, hasPid: true }).status).toBe('running');
    expect(statusOf({ ...base, start, supervising: false })).toEqual({ status: 'exited', exitCode: null });
    // "stopped" before the supervisor has the exit code is not yet exited.
    const stopped = { id: 'x', status: 'stopped' };
    expect(statusOf({ ...base, state: stopped, start, supervising: true }).status).toBe('running');
    expect(statusOf({ ...base, state: stopped, start, supervising: true, exit })).toEqual({
      status: 'exited',
      exitCode: 3,
    });
  });
});

describe('supervisor', () => {
  it('timestamps each line of both streams and records the exit status', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'icr-supervisor-'));
    try {
      const config = {
        binary: 'sh',
        runArgs: ['-c', 'echo one; echo two >&2; touch "$0"; printf partial; exit 3', path.join(dir, 'pid')],
        logPath: path.join(dir, 'container.log'),
        exitPath: path.join(dir, 'exit.json'),
        pidPath: path.join(dir, 'pid'),
      };
      const script = fileURLToPath(new URL('./supervisor.ts', import.meta.url));
      const child = spawn(
        process.execPath,
        ['--experimental-strip-types', '--no-warnings', script, JSON.stringify(config)],
        {
          stdio: 'inherit',
        },
      );
      await new Promise((resolve) => child.on('close', resolve));
      const exit = JSON.parse(await readFile(config.exitPath, 'utf8'));
      expect(exit).toMatchObject({ exitCode: 3, started: true });
      const lines = (await readFile(config.logPath, 'utf8')).trimEnd().split('\n').map(parseLogLine);
      expect(lines.map((entry) => `${entry?.stream} ${entry?.line}`).sort()).toEqual([
        'stderr two',
        'stdout one',
        'stdout partial',
      ]);
      expect(lines.every((entry) => entry?.timestamp instanceof Date)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
