import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerRecord, isIcrError, LogEntry } from '@icr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventWakeups } from '../src/container/events.ts';
import { lab, openSandbox, type Sandbox, uniqueName } from './support.ts';

async function collectLogs(iterable: AsyncIterable<LogEntry>): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  for await (const entry of iterable) entries.push(entry);
  return entries;
}

async function expectCode(promise: Promise<unknown>, code: Parameters<typeof isIcrError>[1]) {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code, runtime: 'containerd' });
  return error as Error;
}

describe('containerd container lifecycle', () => {
  let sandbox: Sandbox;
  const created: string[] = [];
  const create = async (spec: Partial<Parameters<NonNullable<Sandbox['handle']['createContainer']>>[0]> = {}) => {
    const name = spec.name ?? uniqueName('c');
    created.push(name);
    return sandbox.handle.createContainer!({ image: lab().testImage, name, command: ['sleep', '300'], ...spec });
  };

  beforeAll(async () => {
    sandbox = await openSandbox();
    await sandbox.handle.pullImage!(lab().testImage);
  });
  afterAll(async () => {
    await sandbox?.dispose();
  });

  it('creates a container (status created, name kept, visible to ctr) and starts it', async () => {
    const record = await create({ labels: { team: 'icr' } });
    expect(record).toMatchObject({ status: 'created', image: lab().testImage, runtime: 'containerd' });
    expect(record.name).toBe(record.id);
    expect(record.labels.team).toBe('icr');
    expect(record.labels['nerdctl/name']).toBe(record.name);
    expect(await sandbox.ctr('containers', 'ls', '-q')).toContain(record.id);

    await sandbox.handle.startContainer!(record.name);
    const running = await sandbox.handle.inspectContainer(record.name);
    expect(running.status).toBe('running');
    expect(running.pid).toBeGreaterThan(1);
    expect(running.command).toEqual(['sleep', '300']);
    expect(await sandbox.ctr('tasks', 'ls')).toMatch(new RegExp(`${record.id}\\s+${running.pid}\\s+RUNNING`));

    const ps = await sandbox.handle.listContainers();
    expect(ps.map((c) => c.id)).toContain(record.id);
    await sandbox.handle.stopContainer!(record.id, { timeoutSeconds: 1 });
  });

  it('lists stopped containers only with all, with their exit code', async () => {
    const record = await create({ command: ['sh', '-c', 'exit 7'] });
    await sandbox.handle.startContainer!(record.id);
    expect(await sandbox.handle.wait!(record.id, { timeoutMs: 30_000 })).toEqual({
      id: record.id,
      status: 'exited',
      exitCode: 7,
    });
    expect((await sandbox.handle.listContainers()).map((c) => c.id)).not.toContain(record.id);
    const all = await sandbox.handle.listContainers({ all: true });
    const found = all.find((c) => c.id === record.id) as ContainerRecord;
    expect(found).toMatchObject({ status: 'exited', exitCode: 7, pid: null });
    expect(found.finishedAt).toBeInstanceOf(Date);
  });

  it('pushes label filters down to containerd', async () => {
    const value = uniqueName('v');
    const record = await create({ labels: { 'icr.test/filter': value } });
    const other = await create({ labels: { 'icr.test/filter': 'other' } });
    const matched = await sandbox.handle.listContainers({
      all: true,
      filters: { labels: { 'icr.test/filter': value } },
    });
    expect(matched.map((c) => c.id)).toEqual([record.id]);
    const present = await sandbox.handle.listContainers({
      all: true,
      filters: { labels: { 'icr.test/filter': null } },
    });
    expect(present.map((c) => c.id).sort()).toEqual([record.id, other.id].sort());
  });

  it('inspect reports the security profile from the OCI spec', async () => {
    const record = await create({ readOnlyRootfs: true, memoryLimit: 32 * 1024 * 1024, user: '65534:65534' });
    const inspected = await sandbox.handle.inspectContainer(record.id);
    expect(inspected.security).toMatchObject({
      readonlyRootfs: true,
      memoryLimit: 32 * 1024 * 1024,
      user: '65534:65534',
      privileged: false,
      namespaces: { hostNetwork: false, hostPid: false },
    });
    expect(inspected.security?.capabilities).toContain('CAP_NET_RAW');
    expect(inspected.imageId).toMatch(/^sha256:/);

    await sandbox.handle.startContainer!(record.id);
    const result = await sandbox.handle.exec!(record.id, { command: ['sh', '-c', 'id -u; touch /x 2>&1; echo rc=$?'] });
    expect(result.stdout).toMatch(/^65534\n/);
    expect(result.stdout).toMatch(/Read-only file system/);
    expect(result.stdout).toContain('rc=1');
  });

  it('exec returns exit code, stdout and stderr separately, with env, user and workdir', async () => {
    const record = await create({ env: { FROM_CREATE: 'yes' } });
    await sandbox.handle.startContainer!(record.id);
    const result = await sandbox.handle.exec!(record.id, {
      command: ['sh', '-c', 'echo "$FROM_CREATE $FROM_EXEC $(pwd) $(id -u)"; echo oops >&2; exit 3'],
      env: { FROM_EXEC: 'too' },
      user: '1000',
      workdir: '/tmp',
    });
    expect(result).toMatchObject({ kind: 'exec', exitCode: 3, stdout: 'yes too /tmp 1000\n', stderr: 'oops\n' });
    await expectCode(sandbox.handle.exec!(record.id, { command: ['sleep', '30'], timeoutMs: 500 }), 'timeout');
  });

  it('exec in a container that is not running is a conflict', async () => {
    const record = await create();
    await expectCode(sandbox.handle.exec!(record.id, { command: ['true'] }), 'conflict');
  });

  it('logs read stdout and stderr from the files the shim writes, with tail and follow', async () => {
    const record = await create({ command: ['sh', '-c', 'for i in 1 2 3; do echo out$i; done; echo err1 >&2'] });
    await sandbox.handle.startContainer!(record.id);
    await sandbox.handle.wait!(record.id, { timeoutMs: 30_000 });
    const entries = await collectLogs(sandbox.handle.logs!(record.id));
    expect(entries.filter((e) => e.stream === 'stdout').map((e) => e.line)).toEqual(['out1', 'out2', 'out3']);
    expect(entries.filter((e) => e.stream === 'stderr').map((e) => e.line)).toEqual(['err1']);
    expect((await collectLogs(sandbox.handle.logs!(record.id, { tail: 1 }))).map((e) => e.line)).toHaveLength(1);

    const follower = await create({ command: ['sh', '-c', 'echo first; sleep 1; echo second'] });
    await sandbox.handle.startContainer!(follower.id);
    const followed = await collectLogs(sandbox.handle.logs!(follower.id, { follow: true }));
    expect(followed.map((e) => e.line)).toEqual(['first', 'second']);
  });

  it('pauses and unpauses', async () => {
    const record = await create();
    await sandbox.handle.startContainer!(record.id);
    await sandbox.handle.pauseContainer!(record.id);
    expect((await sandbox.handle.inspectContainer(record.id)).status).toBe('paused');
    expect(await sandbox.ctr('tasks', 'ls')).toMatch(new RegExp(`${record.id}\\s+\\d+\\s+PAUSED`));
    await sandbox.handle.unpauseContainer!(record.id);
    expect((await sandbox.handle.inspectContainer(record.id)).status).toBe('running');
  });

  it('kills with a signal, stops with SIGTERM then SIGKILL, and restarts', async () => {
    const record = await create({
      command: ['sh', '-c', 'trap "exit 42" TERM; echo trapped; while true; do sleep 0.1; done'],
    });
    await sandbox.handle.startContainer!(record.id);
    // A SIGTERM that lands before the trap is set is ignored by sh as pid 1 (and stop ends in SIGKILL's 137).
    const deadline = Date.now() + 30_000;
    while (!(await collectLogs(sandbox.handle.logs!(record.id))).some((entry) => entry.line === 'trapped')) {
      if (Date.now() > deadline) throw new Error('the script never set its trap');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await sandbox.handle.stopContainer!(record.id, { timeoutSeconds: 10 });
    expect(await sandbox.handle.inspectContainer(record.id)).toMatchObject({ status: 'exited', exitCode: 42 });

    await sandbox.handle.restartContainer!(record.id, { timeoutSeconds: 1 });
    expect((await sandbox.handle.inspectContainer(record.id)).status).toBe('running');
    await sandbox.handle.killContainer!(record.id, { killSignal: 'KILL' });
    expect((await sandbox.handle.wait!(record.id, { timeoutMs: 30_000 })).exitCode).toBe(137);
    await expectCode(sandbox.handle.killContainer!(record.id, {}), 'conflict');

    // sh as pid 1 ignores SIGTERM without a trap: stop must fall back to SIGKILL.
    const stubborn = await create({ command: ['sh', '-c', 'while true; do sleep 0.1; done'] });
    await sandbox.handle.startContainer!(stubborn.id);
    await sandbox.handle.stopContainer!(stubborn.id, { timeoutSeconds: 1 });
    expect(await sandbox.handle.inspectContainer(stubborn.id)).toMatchObject({ status: 'exited', exitCode: 137 });
  });

  it('waits for running and for removed, and times out', async () => {
    const record = await create();
    await expectCode(sandbox.handle.wait!(record.id, { for: 'running', timeoutMs: 300 }), 'timeout');
    const running = sandbox.handle.wait!(record.id, { for: 'running', timeoutMs: 30_000 });
    await sandbox.handle.startContainer!(record.id);
    expect((await running).status).toBe('running');
    await expectCode(sandbox.handle.wait!(record.id, { timeoutMs: 300 }), 'timeout');
    const removed = sandbox.handle.wait!(record.id, { for: 'removed', timeoutMs: 30_000 });
    await sandbox.handle.removeContainer!(record.id, { force: true });
    expect((await removed).status).toBe('removed');
  });

  it('wakes waiters with task events of its own namespace only', async () => {
    const wakeups = new EventWakeups(sandbox.connection, ['/tasks/start', '/tasks/exit']);
    const other = await openSandbox('icr-ctrd-events');
    try {
      await other.handle.pullImage!(lab().testImage);
      const elsewhere = await other.handle.createContainer!({ image: lab().testImage, command: ['true'] });
      await other.handle.startContainer!(elsewhere.id);
      await other.handle.wait!(elsewhere.id, { timeoutMs: 30_000 });
      const record = await create({ command: ['true'] });
      await sandbox.handle.startContainer!(record.id);
      await sandbox.handle.wait!(record.id, { timeoutMs: 30_000 });
      for (let i = 0; i < 50 && wakeups.received < 2; i++) await wakeups.next(100);
      expect(wakeups.received).toBe(2);
    } finally {
      wakeups.close();
      await other.dispose();
    }
  });

  it('removes a container with its task, snapshot and log files; running ones only with force', async () => {
    const record = await create();
    await sandbox.handle.startContainer!(record.id);
    expect(existsSync(join(sandbox.logDir, sandbox.namespace, record.id, 'stdout.log'))).toBe(true);
    await expectCode(sandbox.handle.removeContainer!(record.id), 'conflict');
    await sandbox.handle.removeContainer!(record.id, { force: true });
    await expectCode(sandbox.handle.inspectContainer(record.id), 'not-found');
    expect(await sandbox.ctr('containers', 'ls', '-q')).not.toContain(record.id);
    expect(await sandbox.ctr('snapshots', 'ls')).not.toContain(record.id);
    expect(existsSync(join(sandbox.logDir, sandbox.namespace, record.id))).toBe(false);
    await expectCode(sandbox.handle.removeContainer!(record.id), 'not-found');
  });

  it('removes an --rm container once wait sees it exit', async () => {
    const record = await create({ command: ['true'], autoRemove: true });
    await sandbox.handle.startContainer!(record.id);
    expect(await sandbox.handle.wait!(record.id, { timeoutMs: 30_000 })).toMatchObject({
      status: 'exited',
      exitCode: 0,
    });
    await expectCode(sandbox.handle.inspectContainer(record.id), 'not-found');
  });

  it('shares the host network with network host and has only loopback otherwise', async () => {
    const host = await create({ network: 'host', command: ['sleep', '300'] });
    const isolated = await create({ command: ['sleep', '300'] });
    await sandbox.handle.startContainer!(host.id);
    await sandbox.handle.startContainer!(isolated.id);
    const links = async (id: string) =>
      (await sandbox.handle.exec!(id, { command: ['cat', '/proc/net/dev'] })).stdout
        .split('\n')
        .slice(2)
        .map((line) => line.split(':')[0]?.trim())
        .filter(Boolean);
    expect(await links(isolated.id)).toEqual(['lo']);
    expect((await links(host.id)).length).toBeGreaterThan(1);
    expect((await sandbox.handle.inspectContainer(host.id)).security?.namespaces.hostNetwork).toBe(true);
  });

  it('rejects bad and duplicate names and unknown containers with typed errors', async () => {
    const record = await create();
    await expectCode(create({ name: record.name }), 'conflict');
    await expectCode(create({ name: 'not a valid name' }), 'invalid-argument');
    await expectCode(create({ name: 'x'.repeat(77) }), 'invalid-argument');
    await expectCode(sandbox.handle.startContainer!(uniqueName('missing')), 'not-found');
    await expectCode(sandbox.handle.killContainer!(record.id, { killSignal: 'SIGNOPE' }), 'invalid-argument');
    await expectCode(sandbox.handle.createContainer!({ image: lab().testImage, user: 'nobody' }), 'invalid-argument');
    await expectCode(sandbox.handle.createContainer!({ image: lab().testImage, pod: 'p' }), 'unsupported');
  });

  it('finds containers by unique id prefix', async () => {
    const record = await sandbox.handle.createContainer!({ image: lab().testImage, command: ['true'] });
    created.push(record.id);
    expect(record.id).toMatch(/^[0-9a-f]{64}$/);
    expect((await sandbox.handle.inspectContainer(record.id.slice(0, 16))).id).toBe(record.id);
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expectCode(sandbox.handle.listContainers({ signal: controller.signal }), 'cancelled');
    const record = await create();
    await sandbox.handle.startContainer!(record.id);
    const waiting = new AbortController();
    const pending = sandbox.handle.wait!(record.id, { signal: waiting.signal });
    setTimeout(() => waiting.abort(), 100);
    await expectCode(pending, 'cancelled');
  });
});
