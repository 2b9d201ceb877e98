import { existsSync } from 'node:fs';
import { isIcrError, type RuntimeHandle } from '@icr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab } from '../../../test/support/lab.ts';
import plugin from '../src/index.ts';
import { ContainerTracker, collect, connect, RUNTIME, rejection, uniqueName } from './helpers.ts';

let handle: RuntimeHandle;
const tracker = new ContainerTracker(() => handle);

beforeAll(async () => {
  handle = await connect();
  await handle.pullImage!(lab().testImage);
});

afterAll(async () => {
  await tracker.cleanup();
  await handle.close();
});

describe('plugin declaration', () => {
  it('offers only what CRI can do honestly', () => {
    expect(plugin.name).toBe('crio');
    for (const verb of ['kill', 'restart', 'pause', 'unpause'] as const) {
      expect(plugin.capabilities).not.toContain(verb);
    }
    expect(plugin.capabilities).toEqual(
      expect.arrayContaining(['version', 'ps', 'inspect', 'create', 'start', 'stop', 'rm', 'exec', 'logs', 'wait']),
    );
    expect(plugin.describeEndpoint({ endpoint: lab().criEndpoint })).toBe(lab().criEndpoint);
  });
});

describe('version', () => {
  it('reports the CRI runtime behind the endpoint', async () => {
    const version = await handle.version();
    expect(version).toMatchObject({
      kind: 'version',
      runtime: RUNTIME,
      plugin: 'crio',
      product: 'containerd',
      apiVersion: 'v1',
      endpoint: lab().criEndpoint,
    });
    expect(version.version).toMatch(/^1\.6\./);
  });
});

describe('a container in its own pod', () => {
  it('goes through create, start, inspect, exec, logs, stop and rm, and takes its pod along', async () => {
    const name = uniqueName('life');
    const created = await tracker.create({
      name,
      command: ['sh', '-c', 'echo hello; echo oops >&2; exec sleep 300'],
      labels: { 'icr.test': 'life' },
    });
    expect(created).toMatchObject({ kind: 'container', runtime: RUNTIME, name, status: 'created' });
    expect(created.podId).toBeTruthy();

    const pod = (await handle.listPods!()).find((candidate) => candidate.id === created.podId);
    expect(pod).toMatchObject({
      kind: 'pod',
      name,
      namespace: 'icr',
      status: 'ready',
      labels: { 'io.icr.managed-sandbox': 'true' },
    });

    await handle.startContainer!(created.id);
    const waited = await handle.wait!(created.id, { for: 'running', timeoutMs: 30_000 });
    expect(waited.status).toBe('running');
    // Starting a running container changes nothing, as with docker.
    await handle.startContainer!(created.id);
    const hostInterfaces = await handle.exec!(created.id, { command: ['ls', '/sys/class/net'] });
    expect(hostInterfaces.stdout.split('\n').filter(Boolean).length).toBeGreaterThan(1);

    const inspected = await handle.inspectContainer(name);
    expect(inspected.id).toBe(created.id);
    expect(inspected.status).toBe('running');
    expect(inspected.labels['icr.test']).toBe('life');
    expect(inspected.pid).toBeGreaterThan(0);
    expect(inspected.startedAt).toBeInstanceOf(Date);
    expect(inspected.command).toEqual(['sh', '-c', 'echo hello; echo oops >&2; exec sleep 300']);
    expect(inspected.security).not.toBeNull();
    expect(inspected.security).toMatchObject({
      user: '0:0',
      privileged: false,
      readonlyRootfs: false,
      namespaces: { hostNetwork: true, hostPid: false, hostIpc: false },
    });
    expect(inspected.security?.capabilities).toContain('CAP_CHOWN');
    expect(inspected.security?.capabilities).not.toContain('CAP_SYS_ADMIN');

    const running = await handle.listContainers({ all: false });
    expect(running.map((record) => record.id)).toContain(created.id);
    const byLabel = await handle.listContainers({ all: true, filters: { labels: { 'icr.test': 'life' } } });
    expect(byLabel.map((record) => record.id)).toContain(created.id);
    const exitedOnly = await handle.listContainers({ all: true, filters: { status: ['exited'] } });
    expect(exitedOnly.map((record) => record.id)).not.toContain(created.id);

    const echo = await handle.exec!(name, { command: ['echo', 'hi'] });
    expect(echo).toEqual({
      kind: 'exec',
      runtime: RUNTIME,
      containerId: created.id,
      exitCode: 0,
      stdout: 'hi\n',
      stderr: '',
    });
    const failing = await handle.exec!(created.id, { command: ['sh', '-c', 'echo err >&2; exit 3'] });
    expect(failing).toMatchObject({ exitCode: 3, stdout: '', stderr: 'err\n' });

    let entries = await collect(handle.logs!(created.id));
    for (let attempt = 0; entries.length < 2 && attempt < 50; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      entries = await collect(handle.logs!(created.id));
    }
    // The runtime copies stdout and stderr separately, so their relative order in the file is not fixed.
    const byStream = entries.map(({ stream, line }) => ({ stream, line }));
    expect(byStream).toHaveLength(2);
    expect(byStream).toEqual(
      expect.arrayContaining([
        { stream: 'stdout', line: 'hello' },
        { stream: 'stderr', line: 'oops' },
      ]),
    );
    expect(entries[0]?.timestamp).toBeInstanceOf(Date);
    const last = await collect(handle.logs!(created.id, { tail: 1 }));
    expect(last.map((entry) => entry.line)).toEqual([entries[1]?.line]);
    expect(await collect(handle.logs!(created.id, { since: new Date(Date.now() + 3_600_000) }))).toEqual([]);

    await handle.stopContainer!(created.id, { timeoutSeconds: 1 });
    const stopped = await handle.inspectContainer(created.id);
    expect(stopped.status).toBe('exited');
    expect(stopped.finishedAt).toBeInstanceOf(Date);
    expect(stopped.exitCode).not.toBeNull();

    const restart = await rejection(handle.startContainer!(created.id));
    expect(isIcrError(restart, 'conflict')).toBe(true);
    expect((restart as Error).message).toContain('cannot start it again');

    const execStopped = await rejection(handle.exec!(created.id, { command: ['true'] }));
    expect(isIcrError(execStopped, 'conflict')).toBe(true);
    expect((execStopped as Error).message).toContain('not running');

    const logDirectory = inspected.raw as { status: { log_path: string } };
    expect(existsSync(logDirectory.status.log_path)).toBe(true);
    await handle.removeContainer!(created.id);
    expect(isIcrError(await rejection(handle.inspectContainer(created.id)), 'not-found')).toBe(true);
    expect((await handle.listPods!()).map((candidate) => candidate.id)).not.toContain(created.podId);
    expect(existsSync(logDirectory.status.log_path)).toBe(false);
  });

  it('reports the exit code to wait and ends a followed log when the container exits', async () => {
    const created = await tracker.create({ command: ['sh', '-c', 'echo one; sleep 1; echo two; exit 7'] });
    await handle.startContainer!(created.id);
    const lines = await collect(handle.logs!(created.id, { follow: true }));
    expect(lines.map((entry) => entry.line)).toEqual(['one', 'two']);
    const result = await handle.wait!(created.id, { timeoutMs: 30_000 });
    expect(result).toEqual({ id: created.id, status: 'exited', exitCode: 7 });
    const listed = (await handle.listContainers({ all: true })).find((record) => record.id === created.id);
    expect(listed).toMatchObject({ status: 'exited', exitCode: 7 });
  });

  it('runs as the requested user with a read-only root and a memory limit', async () => {
    const created = await tracker.create({
      command: ['sleep', '300'],
      user: '1000:1000',
      readOnlyRootfs: true,
      memoryLimit: 64 * 1024 * 1024,
    });
    await handle.startContainer!(created.id);
    await handle.wait!(created.id, { for: 'running', timeoutMs: 30_000 });
    const inspected = await handle.inspectContainer(created.id);
    expect(inspected.security).toMatchObject({
      user: '1000:1000',
      readonlyRootfs: true,
      memoryLimit: 64 * 1024 * 1024,
    });
    const id = await handle.exec!(created.id, { command: ['id', '-u'] });
    expect(id.stdout).toBe('1000\n');
    const write = await handle.exec!(created.id, { command: ['touch', '/probe'] });
    expect(write.exitCode).not.toBe(0);
  });
});

describe('network "none"', () => {
  it('is refused as unsupported, leaving no pod behind, where the CNI cannot give a pod no network', async () => {
    const name = uniqueName('none');
    const error = await rejection(tracker.create({ name, command: ['sleep', '300'], network: 'none' }));
    // The lab's containerd 1.6 rejects a loopback-only CNI result, so "none" cannot be honoured there.
    expect(isIcrError(error, 'unsupported')).toBe(true);
    expect((error as Error).message).toContain('network "none"');
    expect((await handle.listPods!()).filter((pod) => pod.name === name)).toEqual([]);
  });
});

describe('pods shared by containers', () => {
  it('creates a container in a named pod and removes the pod only with its last container', async () => {
    const first = await tracker.create({ command: ['sleep', '300'] });
    const second = await tracker.create({ command: ['sleep', '300'], pod: first.podId! });
    expect(second.podId).toBe(first.podId);
    const mismatch = await rejection(tracker.create({ command: ['sleep', '300'], pod: first.podId!, network: 'none' }));
    expect(isIcrError(mismatch, 'conflict')).toBe(true);
    const missingPod = await rejection(tracker.create({ command: ['sleep', '300'], pod: uniqueName('no-pod') }));
    expect(isIcrError(missingPod, 'not-found')).toBe(true);
    await handle.removeContainer!(first.id, { force: true });
    expect((await handle.listPods!()).map((pod) => pod.id)).toContain(first.podId);
    await handle.removeContainer!(second.id, { force: true });
    expect((await handle.listPods!()).map((pod) => pod.id)).not.toContain(first.podId);
  });

  it('treats a name used in two pods as ambiguous and lists both', async () => {
    const name = uniqueName('twin');
    const one = await tracker.create({ name, command: ['sleep', '300'] });
    const two = await tracker.create({ name, command: ['sleep', '300'] });
    const error = await rejection(handle.inspectContainer(name));
    expect(isIcrError(error, 'conflict')).toBe(true);
    expect((error as Error).message).toContain(one.id.slice(0, 12));
    expect((error as Error).message).toContain(two.id.slice(0, 12));
    expect((await handle.inspectContainer(two.id)).name).toBe(name);
  });
});

describe('errors', () => {
  it('says not-found, with the runtime, for a missing container', async () => {
    const error = await rejection(handle.inspectContainer('icr-criotest-no-such-container'));
    expect(isIcrError(error, 'not-found')).toBe(true);
    expect((error as { runtime: string }).runtime).toBe(RUNTIME);
    expect(isIcrError(await rejection(handle.startContainer!('icr-criotest-no-such')), 'not-found')).toBe(true);
  });

  it('names the socket when the endpoint cannot be reached', async () => {
    const socket = `/tmp/${uniqueName('nope')}.sock`;
    const unreachable = await plugin.connect({ endpoint: `unix://${socket}` }, { runtimeName: RUNTIME, env: {} });
    try {
      const error = await rejection(unreachable.version());
      expect(isIcrError(error, 'unreachable')).toBe(true);
      expect((error as Error).message).toContain(socket);
      // A missing socket is said to be missing, at once, not mistaken for a daemon that never answers.
      expect((error as Error).message).toContain('socket not found');
      expect((error as { hint: string }).hint).toContain(socket);
    } finally {
      await unreachable.close();
    }
    expect(await plugin.detect({ endpoint: `unix://${socket}` }, {})).toBe(false);
    expect(await plugin.detect({ endpoint: lab().criEndpoint }, {})).toBe(true);
  });

  it('refuses to remove a running container without force', async () => {
    const created = await tracker.create({ command: ['sleep', '300'] });
    await handle.startContainer!(created.id);
    expect(isIcrError(await rejection(handle.removeContainer!(created.id)), 'conflict')).toBe(true);
    expect((await handle.inspectContainer(created.id)).status).toBe('running');
  });

  it('times out a wait and an exec that take too long', async () => {
    const created = await tracker.create({ command: ['sleep', '300'] });
    await handle.startContainer!(created.id);
    expect(isIcrError(await rejection(handle.wait!(created.id, { timeoutMs: 300 })), 'timeout')).toBe(true);
    const execError = await rejection(handle.exec!(created.id, { command: ['sleep', '30'], timeoutMs: 1000 }));
    expect(isIcrError(execError, 'timeout')).toBe(true);
    expect((execError as Error).message).toContain('did not finish within 1000 ms');
  });

  it('rejects what CRI cannot express instead of ignoring it', async () => {
    const autoRemove = await rejection(handle.createContainer!({ image: lab().testImage, autoRemove: true }));
    expect(isIcrError(autoRemove, 'unsupported')).toBe(true);
    const created = await tracker.create({ command: ['sleep', '300'] });
    await handle.startContainer!(created.id);
    const env = await rejection(handle.exec!(created.id, { command: ['env'], env: { A: '1' } }));
    expect(isIcrError(env, 'unsupported')).toBe(true);
  });

  it('ends a followed log with a cancelled error when its signal aborts, and waits for removal', async () => {
    const created = await tracker.create({ command: ['sh', '-c', 'echo tick; exec sleep 300'] });
    await handle.startContainer!(created.id);
    const controller = new AbortController();
    const seen: string[] = [];
    const outcome = await (async () => {
      for await (const entry of handle.logs!(created.id, { follow: true, signal: controller.signal })) {
        seen.push(entry.line);
        controller.abort();
      }
    })().then(
      () => 'ended',
      (error: unknown) => (isIcrError(error) ? error.code : String(error)),
    );
    expect(seen).toEqual(['tick']);
    expect(outcome).toBe('cancelled');
    const removed = handle.wait!(created.id, { for: 'removed', timeoutMs: 30_000 });
    await handle.removeContainer!(created.id, { force: true });
    expect(await removed).toEqual({ id: created.id, status: 'removed', exitCode: null });
  });

  it('fails calls on a closed handle with a typed error, and closes twice safely', async () => {
    const closing = await connect();
    await closing.close();
    await closing.close();
    const error = await rejection(closing.version());
    expect(isIcrError(error, 'runtime-error')).toBe(true);
    expect((error as Error).message).toContain('closed');
  });

  it('cancels a call whose signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(handle.listContainers({ all: true, signal: controller.signal }));
    expect(isIcrError(error, 'cancelled')).toBe(true);
  });
});
