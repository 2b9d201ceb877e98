import { isIcrError, type RuntimeHandle } from '@icr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab } from '../../../test/support/lab.ts';
import { ContainerTracker, connect, dockerCli, RUNTIME, uniqueName } from './helpers.ts';

let handle: RuntimeHandle;
const tracker = new ContainerTracker(() => handle);

beforeAll(async () => {
  handle = await connect();
});

afterAll(async () => {
  await tracker.cleanup();
  await handle.close();
});

async function expectError(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isIcrError(error), `expected an IcrError, got ${String(error)}`).toBe(true);
  if (!isIcrError(error)) return;
  expect(error.code).toBe(code);
  expect(error.runtime).toBe(RUNTIME);
  if (message) expect(error.message).toMatch(message);
}

describe('version', () => {
  it('reports the engine and the negotiated API version', async () => {
    const version = await handle.version();
    const server = JSON.parse(dockerCli(['version', '--format', '{{json .Server}}'])) as {
      Version: string;
      ApiVersion: string;
    };
    expect(version).toMatchObject({
      kind: 'version',
      runtime: RUNTIME,
      plugin: 'docker',
      product: 'Docker Engine',
      version: server.Version,
      endpoint: lab().dockerHost,
    });
    // Our maximum is newer than 20.10's 1.41, so negotiation lands on the engine's version.
    expect(version.apiVersion).toBe(server.ApiVersion);
  });
});

describe('container lifecycle', () => {
  it('creates a container with the spec applied, defaulting to no network', async () => {
    const name = uniqueName('spec');
    const created = await tracker.create({
      name,
      command: ['sh', '-c', 'echo hi'],
      env: { GREETING: 'hello world' },
      labels: { tier: 'front' },
      user: '1000:1000',
      workdir: '/tmp',
      readOnlyRootfs: true,
      memoryLimit: 64 * 1024 * 1024,
    });
    expect(created).toMatchObject({
      kind: 'container',
      runtime: RUNTIME,
      name,
      image: lab().testImage,
      status: 'created',
      command: ['sh', '-c', 'echo hi'],
      exitCode: null,
      pid: null,
      podId: null,
      startedAt: null,
    });
    expect(created.labels.tier).toBe('front');
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(created.imageId).toMatch(/^sha256:/);
    expect(created.security).toMatchObject({
      user: '1000:1000',
      privileged: false,
      readonlyRootfs: true,
      memoryLimit: 64 * 1024 * 1024,
      namespaces: { hostNetwork: false, hostPid: false, hostIpc: false, hostUts: false },
    });
    expect(created.security?.capabilities).toHaveLength(14);
    const inspected = JSON.parse(dockerCli(['inspect', created.id]))[0];
    expect(inspected.HostConfig.NetworkMode).toBe('none');
    expect(inspected.Config.Env).toContain('GREETING=hello world');
    expect(inspected.Config.WorkingDir).toBe('/tmp');
  });

  it('maps host namespaces, privileged mode and mounts created outside icr', async () => {
    const name = uniqueName('cli');
    const id = dockerCli([
      'create',
      '--name',
      name,
      '--label',
      `icr-test-run=${tracker.label}`,
      '--network',
      'host',
      '--pid',
      'host',
      '--cap-add',
      'NET_ADMIN',
      '--cap-drop',
      'NET_RAW',
      '--security-opt',
      'no-new-privileges',
      '--cpu-shares',
      '512',
      '--pids-limit',
      '64',
      '-v',
      '/tmp:/host-tmp:ro',
      lab().testImage,
      'true',
    ]).trim();
    try {
      const record = await handle.inspectContainer(name);
      expect(record.id).toBe(id);
      expect(record.security).toMatchObject({
        namespaces: { hostNetwork: true, hostPid: true, hostIpc: false, hostUts: false },
        noNewPrivileges: true,
        cpuShares: 512,
        pidsLimit: 64,
        seccomp: 'default',
        mounts: [{ type: 'bind', source: '/tmp', destination: '/host-tmp', readOnly: true }],
      });
      expect(record.security?.capabilities).toContain('CAP_NET_ADMIN');
      expect(record.security?.capabilities).not.toContain('CAP_NET_RAW');

      const privileged = await tracker.create({ privileged: true, command: ['true'] });
      expect(privileged.security).toMatchObject({ privileged: true, seccomp: 'unconfined' });
      expect(privileged.security?.capabilities?.length).toBeGreaterThan(30);
    } finally {
      dockerCli(['rm', '-f', id]);
    }
  });

  it('starts, pauses, unpauses, restarts, stops and kills, as docker sees it', async () => {
    const record = await tracker.create({ command: ['sleep', '1000'] });
    const state = () => JSON.parse(dockerCli(['inspect', record.id]))[0].State as { Status: string; Pid: number };

    await handle.startContainer!(record.id);
    const running = await handle.inspectContainer(record.name);
    expect(running.status).toBe('running');
    expect(running.pid).toBe(state().Pid);
    expect(running.startedAt).toBeInstanceOf(Date);
    // Starting a started container is not an error (the engine answers 304).
    await handle.startContainer!(record.name);

    await handle.pauseContainer!(record.name);
    expect(state().Status).toBe('paused');
    expect((await handle.inspectContainer(record.id)).status).toBe('paused');
    await handle.unpauseContainer!(record.name);
    expect(state().Status).toBe('running');

    const pidBefore = state().Pid;
    await handle.restartContainer!(record.name, { timeoutSeconds: 0 });
    expect(state().Status).toBe('running');
    expect(state().Pid).not.toBe(pidBefore);

    await handle.stopContainer!(record.name, { timeoutSeconds: 0 });
    const stopped = await handle.inspectContainer(record.id);
    expect(stopped.status).toBe('exited');
    expect(stopped.exitCode).toBe(137);
    expect(stopped.finishedAt).toBeInstanceOf(Date);
    expect(stopped.pid).toBeNull();

    await handle.startContainer!(record.id);
    await handle.killContainer!(record.id, { killSignal: 'SIGTERM' });
    // sleep as pid 1 has no SIGTERM handler, so TERM is ignored; KILL (the default) is not.
    await handle.killContainer!(record.id);
    const killed = await handle.wait!(record.id);
    expect(killed).toEqual({ id: record.id, status: 'exited', exitCode: 137 });
  });

  it('removes containers, forcing running ones only when asked', async () => {
    const record = await tracker.create({ command: ['sleep', '1000'] });
    await handle.startContainer!(record.id);
    await expectError(handle.removeContainer!(record.id), 'conflict', /running container/);
    await handle.removeContainer!(record.name, { force: true });
    expect(dockerCli(['ps', '-a', '-q', '--no-trunc', '--filter', `id=${record.id}`]).trim()).toBe('');
    await expectError(handle.inspectContainer(record.id), 'not-found');
  });

  it('answers not-found and conflict with typed errors naming the container', async () => {
    const missing = uniqueName('missing');
    await expectError(handle.inspectContainer(missing), 'not-found', new RegExp(`no such container: ${missing}`));
    await expectError(handle.startContainer!(missing), 'not-found', new RegExp(missing));
    await expectError(handle.stopContainer!(missing), 'not-found');
    await expectError(handle.removeContainer!(missing), 'not-found');
    await expectError(handle.wait!(missing), 'not-found');
    const created = await tracker.create({ command: ['true'] });
    await expectError(handle.killContainer!(created.id), 'conflict', /not running/);
    await expectError(handle.pauseContainer!(created.id), 'conflict');
    await handle.startContainer!(created.id);
    await handle.wait!(created.id);
    await handle.restartContainer!(created.id, { timeoutSeconds: 0 });
    const sleeper = await tracker.create({ command: ['sleep', '1000'] });
    await handle.startContainer!(sleeper.id);
    await expectError(handle.killContainer!(sleeper.id, { killSignal: 'SIGNOPE' }), 'invalid-argument');
    await expectError(tracker.create({ name: created.name }), 'conflict', /already in use/);
  });

  it('rejects pods, which docker does not have', async () => {
    await expectError(handle.createContainer!({ image: lab().testImage, pod: 'p' }), 'unsupported');
  });
});

describe('list', () => {
  it('agrees with docker ps -a on ids, names, images and states', async () => {
    const running = await tracker.create({ command: ['sleep', '1000'] });
    await handle.startContainer!(running.id);
    const exited = await tracker.create({ command: ['sh', '-c', 'exit 3'] });
    await handle.startContainer!(exited.id);
    expect(await handle.wait!(exited.id)).toEqual({ id: exited.id, status: 'exited', exitCode: 3 });
    await tracker.create({ command: ['true'] });

    const mine = (await handle.listContainers({ all: true, filters: { labels: { 'icr-test-run': tracker.label } } }))
      .map((r) => ({ id: r.id, name: r.name, image: r.image, status: r.status }))
      .sort((a, b) => a.id.localeCompare(b.id));
    const cli = dockerCli([
      'ps',
      '-a',
      '--no-trunc',
      '--filter',
      `label=icr-test-run=${tracker.label}`,
      '--format',
      '{{json .}}',
    ])
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { ID: string; Names: string; Image: string; State: string })
      .map((c) => ({ id: c.ID, name: c.Names, image: c.Image, status: c.State }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(mine).toEqual(cli);

    const exitedRecord = (await handle.listContainers({ all: true, filters: { id: exited.id } })).find(
      (r) => r.id === exited.id,
    );
    expect(exitedRecord).toMatchObject({ status: 'exited', exitCode: 3, security: null, runtime: RUNTIME });
  });

  it('pushes filters down to the engine', async () => {
    const a = await tracker.create({ command: ['sleep', '1000'], labels: { role: 'a' } });
    const b = await tracker.create({ command: ['true'], labels: { role: 'b' } });
    // A name that is a prefix of another: docker's name filter is a regex, ours is exact.
    const prefixed = await tracker.create({ name: `${a.name}x`, command: ['true'] });
    await handle.startContainer!(a.id);
    const run = { 'icr-test-run': tracker.label };

    const byName = await handle.listContainers({ all: true, filters: { name: a.name } });
    expect(byName.map((r) => r.id)).toEqual([a.id]);
    expect(byName.map((r) => r.id)).not.toContain(prefixed.id);

    const byLabel = await handle.listContainers({ all: true, filters: { labels: { ...run, role: 'b' } } });
    expect(byLabel.map((r) => r.id)).toEqual([b.id]);

    const labelPresent = await handle.listContainers({ all: true, filters: { labels: { ...run, role: null } } });
    expect(labelPresent.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());

    const created = await handle.listContainers({ all: true, filters: { labels: run, status: ['created'] } });
    expect(created.map((r) => r.id)).toContain(b.id);
    expect(created.map((r) => r.id)).not.toContain(a.id);

    const byId = await handle.listContainers({ all: true, filters: { id: b.id.slice(0, 16) } });
    expect(byId.map((r) => r.id)).toEqual([b.id]);

    const byImage = await handle.listContainers({ all: true, filters: { image: lab().testImage, labels: run } });
    expect(byImage.map((r) => r.id)).toEqual(expect.arrayContaining([a.id, b.id, prefixed.id]));

    // Without `all`, only running (and paused) containers, even when a status filter asks for more.
    const runningOnly = await handle.listContainers({
      filters: { labels: { ...run, role: null }, status: ['running', 'created'] },
    });
    expect(runningOnly.map((r) => r.id)).toEqual([a.id]);
  });
});

describe('wait', () => {
  it('waits for running, exited and removed', async () => {
    const longRunning = await tracker.create({ command: ['sleep', '1000'] });
    const runningWait = handle.wait!(longRunning.name, { for: 'running' });
    await handle.startContainer!(longRunning.id);
    expect(await runningWait).toEqual({ id: longRunning.id, status: 'running', exitCode: null });

    const record = await tracker.create({ command: ['sh', '-c', 'sleep 1; exit 7'], autoRemove: true });
    const removedWait = handle.wait!(record.id, { for: 'removed' });
    await handle.startContainer!(record.id);
    const removed = await removedWait;
    expect(removed).toMatchObject({ id: record.id, status: 'removed', exitCode: 7 });
    await expectError(handle.inspectContainer(record.id), 'not-found');
  });

  it('gives up with a timeout error', async () => {
    const record = await tracker.create({ command: ['sleep', '1000'] });
    await handle.startContainer!(record.id);
    await expectError(handle.wait!(record.id, { timeoutMs: 200 }), 'timeout');
    await expectError(handle.wait!(record.id, { for: 'removed', timeoutMs: 200 }), 'timeout');
  });

  it('is cancelled by the signal', async () => {
    const record = await tracker.create({ command: ['sleep', '1000'] });
    const controller = new AbortController();
    const waiting = handle.wait!(record.id, { for: 'running', signal: controller.signal });
    controller.abort();
    await expectError(waiting, 'cancelled');
  });
});
