import { isIcrError, type LogEntry, type RuntimeHandle } from '@icr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerTracker, collect, connect, RUNTIME } from './helpers.ts';

let handle: RuntimeHandle;
const tracker = new ContainerTracker(() => handle);

beforeAll(async () => {
  handle = await connect();
});

afterAll(async () => {
  await tracker.cleanup();
  await handle.close();
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}

async function runningContainer(command = ['sleep', '1000']) {
  const record = await tracker.create({ command });
  await handle.startContainer!(record.id);
  return record;
}

describe('exec', () => {
  it('returns stdout, stderr and the exit code separately', async () => {
    const record = await runningContainer();
    const result = await handle.exec!(record.name, {
      command: ['sh', '-c', 'echo out; echo err >&2; printf "%s" "$FOO" ; id -u; pwd; exit 5'],
      env: { FOO: 'bar\n' },
      user: '1234',
      workdir: '/tmp',
    });
    expect(result).toEqual({
      kind: 'exec',
      runtime: RUNTIME,
      containerId: record.id,
      exitCode: 5,
      stdout: 'out\nbar\n1234\n/tmp\n',
      stderr: 'err\n',
    });
  });

  it('carries large output intact', async () => {
    const record = await runningContainer();
    const result = await handle.exec!(record.id, { command: ['sh', '-c', 'seq 1 20000; seq 1 5000 >&2'] });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(20000);
    expect(result.stdout.endsWith('19999\n20000\n')).toBe(true);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(5000);
  });

  it('refuses a stopped container with a conflict naming it', async () => {
    const record = await tracker.create({ command: ['true'] });
    const error = await caught(handle.exec!(record.name, { command: ['true'] }));
    expect(isIcrError(error, 'conflict')).toBe(true);
    if (!isIcrError(error)) return;
    expect(error.message).toBe(`container ${record.name} is not running: cannot exec in it`);
    expect(error.runtime).toBe(RUNTIME);
    expect(error.hint).toMatch(/start/);
  });

  it('refuses a paused container, saying so', async () => {
    const record = await runningContainer();
    await handle.pauseContainer!(record.id);
    const error = await caught(handle.exec!(record.id, { command: ['true'] }));
    expect(isIcrError(error, 'conflict')).toBe(true);
    if (isIcrError(error)) expect(error.message).toMatch(/is paused/);
    await handle.unpauseContainer!(record.id);
  });

  it('reports a missing container and a missing binary', async () => {
    const missing = await caught(handle.exec!('icr-dockertest-does-not-exist', { command: ['true'] }));
    expect(isIcrError(missing, 'not-found')).toBe(true);
    const record = await runningContainer();
    // Like `docker exec`: the runtime's complaint comes back as output with exit code 126.
    const result = await handle.exec!(record.id, { command: ['/no/such/binary'] });
    expect(result.exitCode).toBe(126);
    expect(result.stdout + result.stderr).toContain('/no/such/binary');
  });

  it('gives up after timeoutMs with a timeout error', async () => {
    const record = await runningContainer();
    const error = await caught(handle.exec!(record.id, { command: ['sleep', '30'], timeoutMs: 300 }));
    expect(isIcrError(error, 'timeout')).toBe(true);
  });
});

describe('logs', () => {
  async function finishedContainer(script: string) {
    const record = await tracker.create({ command: ['sh', '-c', script] });
    await handle.startContainer!(record.id);
    await handle.wait!(record.id);
    return record;
  }

  it('demultiplexes stdout and stderr with timestamps', async () => {
    const record = await finishedContainer('echo one; echo two >&2; echo three; printf "no newline"');
    const entries = await collect(handle.logs!(record.name));
    const stdout = entries.filter((e) => e.stream === 'stdout').map((e) => e.line);
    const stderr = entries.filter((e) => e.stream === 'stderr').map((e) => e.line);
    expect(stdout).toEqual(['one', 'three', 'no newline']);
    expect(stderr).toEqual(['two']);
    for (const entry of entries) expect(entry.timestamp).toBeInstanceOf(Date);
  });

  it('honours tail and since', async () => {
    const record = await finishedContainer('for i in 1 2 3 4 5; do echo line$i; done');
    const tail = await collect(handle.logs!(record.id, { tail: 2 }));
    expect(tail.map((e) => e.line)).toEqual(['line4', 'line5']);
    const all = await collect(handle.logs!(record.id));
    const last = all.at(-1) as LogEntry;
    const since = await collect(handle.logs!(record.id, { since: last.timestamp as Date }));
    expect(since.map((e) => e.line)).toContain('line5');
    const future = await collect(handle.logs!(record.id, { since: new Date(Date.now() + 3_600_000) }));
    expect(future).toEqual([]);
  });

  it('follows until the container stops', async () => {
    // (The engine ends a follow at once for a container that is not running, so start first.)
    const record = await runningContainer(['sh', '-c', 'for i in 1 2 3; do echo tick$i; sleep 0.3; done']);
    const entries = await collect(handle.logs!(record.id, { follow: true }));
    expect(entries.map((e) => e.line)).toEqual(['tick1', 'tick2', 'tick3']);
    expect(await handle.wait!(record.id)).toMatchObject({ status: 'exited', exitCode: 0 });
  });

  it('stops following when the signal aborts', async () => {
    const record = await runningContainer(['sh', '-c', 'echo ready; sleep 1000']);
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await caught(
      (async () => {
        for await (const entry of handle.logs!(record.id, { follow: true, signal: controller.signal })) {
          seen.push(entry.line);
          controller.abort();
        }
      })(),
    );
    expect(seen).toEqual(['ready']);
    expect(isIcrError(error, 'cancelled')).toBe(true);
    // The container is unaffected and the handle still works.
    expect((await handle.inspectContainer(record.id)).status).toBe('running');
  });

  it('releases the stream when the consumer stops early', async () => {
    const record = await runningContainer(['sh', '-c', 'echo a; echo b; sleep 1000']);
    for await (const entry of handle.logs!(record.id, { follow: true })) {
      expect(entry.line).toBe('a');
      break;
    }
    expect((await handle.exec!(record.id, { command: ['echo', 'still here'] })).stdout).toBe('still here\n');
  });

  it('reports a missing container', async () => {
    const error = await caught(collect(handle.logs!('icr-dockertest-does-not-exist')));
    expect(isIcrError(error, 'not-found')).toBe(true);
  });
});
