/**
 * The runc plugin against the real runtimes of the lab: every verb and error
 * path, once with runc and once with gVisor's runsc, pulling from the lab registry.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { type ContainerRecord, IcrError, type LogEntry, type RuntimeHandle } from '@icr/core';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab } from '../../../test/support/lab.ts';
import plugin, { type RuncOptions } from '../src/index.ts';

const targets: Array<RuncOptions & { binary: string }> = [
  { binary: 'runc', root: lab().runcRoot, dataDir: lab().runcData },
  { binary: 'runsc', root: lab().runscRoot, dataDir: lab().runscData },
];

async function rejection(promise: Promise<unknown>): Promise<IcrError> {
  const outcome = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  if (outcome === null) throw new Error('expected the call to fail, but it succeeded');
  if (!(outcome instanceof IcrError)) throw outcome;
  return outcome;
}

async function collect(iterable: AsyncIterable<LogEntry>): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  for await (const entry of iterable) entries.push(entry);
  return entries;
}

async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(targets)('plugin-runc on $binary', (options) => {
  const runtime = `test-${options.binary}`;
  const suffix = randomBytes(3).toString('hex');
  const image = lab().testImage;
  let handle: RuntimeHandle;
  const created: string[] = [];
  const extraDirs: string[] = [];

  const create = async (spec: Partial<Parameters<NonNullable<RuntimeHandle['createContainer']>>[0]>) => {
    const record = await handle.createContainer!({ image, network: 'none', ...spec });
    created.push(record.id);
    return record;
  };
  const run = async (spec: Partial<Parameters<NonNullable<RuntimeHandle['createContainer']>>[0]>) => {
    const record = await create(spec);
    await handle.startContainer!(record.id);
    return record;
  };

  beforeAll(async () => {
    handle = await plugin.connect(options, { runtimeName: runtime, env: process.env });
  });

  afterAll(async () => {
    for (const id of created) await handle.removeContainer!(id, { force: true }).catch(() => {});
    for (const dir of extraDirs) await rm(dir, { recursive: true, force: true });
    await handle.close();
    await handle.close();
  });

  it('detects the binary and names binary and root as the endpoint', async () => {
    expect(await plugin.detect(options, process.env)).toBe(true);
    expect(plugin.describeEndpoint(options)).toBe(`${options.binary} --root ${options.root}`);
  });

  it('reports the runtime version', async () => {
    const version = await handle.version();
    expect(version).toMatchObject({ kind: 'version', runtime, plugin: 'runc', product: options.binary });
    expect(version.version).toMatch(/\d/);
    expect(version.apiVersion).toMatch(/^1\./);
    expect(version.endpoint).toContain(options.root!);
  });

  it('pulls into its own store, lists, and removes by reference', async () => {
    const pulled = await handle.pullImage!(image, { onProgress: () => {} });
    expect(pulled).toMatchObject({ kind: 'image', runtime, repoTags: [image] });
    expect(pulled.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(pulled.size).toBeGreaterThan(100_000);
    expect((await handle.listImages!()).some((entry) => entry.id === pulled.id)).toBe(true);
    const manifestDigest = pulled.digests[0]!.split('@')[1]!;
    expect(existsSync(path.join(options.dataDir!, 'images', 'blobs', 'sha256', manifestDigest.slice(7)))).toBe(true);

    // A second name for the same image: removing it untags only that name.
    const byDigest = `${image.replace(/:[^:/]+$/, '')}@${manifestDigest}`;
    const again = await handle.pullImage!(byDigest);
    expect(again.id).toBe(pulled.id);
    await handle.removeImage!(byDigest);
    const after = await handle.listImages!();
    expect(after.find((entry) => entry.id === pulled.id)?.repoTags).toContain(image);
    expect((await rejection(handle.removeImage!(byDigest))).code).toBe('not-found');
  });

  it('reports registry failures with typed errors', async () => {
    const missing = await rejection(handle.pullImage!(`${lab().registry}/icr/no-such-image-${suffix}:latest`));
    expect(missing.code).toBe('not-found');
    expect(missing.message).toContain(`no-such-image-${suffix}`);
    expect(missing.runtime).toBe(runtime);
    const refused = await rejection(handle.pullImage!('127.0.0.1:1/icr/busybox:latest'));
    expect(refused.code).toBe('unreachable');
    expect(refused.message).toContain('127.0.0.1:1');
    expect((await rejection(handle.pullImage!('Not A Reference'))).code).toBe('invalid-argument');
    expect((await rejection(handle.removeImage!(`${lab().registry}/icr/never-pulled-${suffix}`))).code).toBe(
      'not-found',
    );
  });

  it('runs the full lifecycle of a detached container', async () => {
    const name = `life-${suffix}; echo $(id) | rm -rf /`;
    const record = await create({
      name,
      // The trap comes first: once "ready" is logged, SIGTERM is sure to be answered.
      command: ['sh', '-c', 'trap "echo bye; exit 7" TERM; echo ready; echo warn >&2; while true; do sleep 0.1; done'],
      labels: { 'icr.test': suffix, team: 'a b' },
      env: { GREETING: 'hello world' },
      workdir: '/srv/app',
    });
    expect(record).toMatchObject({ kind: 'container', runtime, name, image, status: 'created', exitCode: null });
    expect(record.imageId).toMatch(/^sha256:/);
    expect((await handle.listContainers({ all: false })).some((entry) => entry.id === record.id)).toBe(false);
    expect((await handle.listContainers({ all: true })).find((entry) => entry.id === record.id)?.status).toBe(
      'created',
    );

    await handle.startContainer!(record.id);
    const inspected = await handle.inspectContainer(name);
    expect(inspected).toMatchObject({ id: record.id, status: 'running', labels: { 'icr.test': suffix, team: 'a b' } });
    expect(inspected.pid).toBeGreaterThan(0);
    expect(inspected.startedAt).toBeInstanceOf(Date);
    expect(inspected.command).toEqual(['sh', '-c', expect.stringContaining('echo ready')]);
    expect(inspected.security).toMatchObject({
      user: '0:0',
      privileged: false,
      readonlyRootfs: false,
      noNewPrivileges: true,
      namespaces: { hostNetwork: false, hostPid: false, hostIpc: false, hostUts: false },
    });
    expect(inspected.security!.capabilities).toContain('CAP_CHOWN');
    expect(inspected.security!.capabilities).not.toContain('CAP_SYS_ADMIN');
    expect((await handle.inspectContainer(record.id.slice(0, 10))).id).toBe(record.id);
    const listed = await handle.listContainers({ all: false });
    expect(listed.find((entry) => entry.id === record.id)).toMatchObject({ name, status: 'running' });

    const hi = await handle.exec!(name, { command: ['sh', '-c', 'echo "$GREETING"; pwd; echo oops >&2; exit 3'] });
    expect(hi).toMatchObject({ kind: 'exec', runtime, containerId: record.id, exitCode: 3 });
    expect(hi.stdout).toBe('hello world\n/srv/app\n');
    expect(hi.stderr).toBe('oops\n');
    const asUser = await handle.exec!(record.id, {
      command: ['sh', '-c', 'id -u; id -g; pwd; echo $EXTRA'],
      user: '1000:1001',
      workdir: '/tmp',
      env: { EXTRA: 'x;y' },
    });
    expect(asUser.stdout).toBe('1000\n1001\n/tmp\nx;y\n');
    const slow = await rejection(handle.exec!(record.id, { command: ['sleep', '5'], timeoutMs: 300 }));
    expect(slow.code).toBe('timeout');
    const missingCommand = await handle.exec!(record.id, { command: ['no-such-command'] });
    expect(missingCommand.exitCode).toBe(127);
    expect(missingCommand.stderr).toContain('no-such-command');

    const logs = await eventually(async () => {
      const entries = await collect(handle.logs!(record.id));
      return entries.length >= 2 && entries;
    });
    // stdout and stderr are separate pipes: their relative order is not guaranteed.
    expect(logs.map((entry) => `${entry.stream} ${entry.line}`).sort()).toEqual(['stderr warn', 'stdout ready']);
    expect(logs[0]!.timestamp).toBeInstanceOf(Date);
    expect(await collect(handle.logs!(record.id, { tail: 1 }))).toEqual([logs[1]]);
    expect(await collect(handle.logs!(record.id, { since: new Date(Date.now() + 60_000) }))).toEqual([]);
    // Following a running container ends only when its signal aborts.
    const controller = new AbortController();
    const seen: string[] = [];
    const following = (async () => {
      for await (const entry of handle.logs!(record.id, { follow: true, signal: controller.signal })) {
        seen.push(entry.line);
        if (seen.length === 2) controller.abort();
      }
    })();
    expect((await rejection(following)).code).toBe('cancelled');
    expect(seen.sort()).toEqual(['ready', 'warn']);

    await handle.pauseContainer!(record.id);
    expect((await handle.inspectContainer(record.id)).status).toBe('paused');
    expect((await rejection(handle.pauseContainer!(record.id))).code).toBe('conflict');
    expect((await rejection(handle.exec!(record.id, { command: ['true'] }))).code).toBe('conflict');
    await handle.unpauseContainer!(record.id);
    expect((await handle.inspectContainer(record.id)).status).toBe('running');
    expect((await rejection(handle.unpauseContainer!(record.id))).code).toBe('conflict');

    expect((await rejection(handle.removeContainer!(record.id))).code).toBe('conflict');

    // The trap answers SIGTERM: stop must not need SIGKILL, and the exit code is the script's.
    await handle.stopContainer!(record.id, { timeoutSeconds: 20 });
    const stopped = await handle.inspectContainer(record.id);
    expect(stopped).toMatchObject({ status: 'exited', exitCode: 7, pid: null });
    expect(stopped.finishedAt).toBeInstanceOf(Date);
    expect((await collect(handle.logs!(record.id))).map((entry) => entry.line)).toContain('bye');
    expect((await rejection(handle.exec!(record.id, { command: ['true'] }))).code).toBe('conflict');
    expect((await rejection(handle.killContainer!(record.id))).code).toBe('conflict');
    await handle.stopContainer!(record.id); // stopping a stopped container is a no-op

    const duplicate = await rejection(handle.createContainer!({ image, name, command: ['true'] }));
    expect(duplicate.code).toBe('conflict');

    await handle.removeContainer!(name);
    expect((await rejection(handle.inspectContainer(record.id))).code).toBe('not-found');
    expect(existsSync(path.join(options.dataDir!, 'containers', record.id))).toBe(false);
    // The name is free again.
    const reused = await create({ name, command: ['true'] });
    await handle.removeContainer!(reused.id);
  });

  it('kills with a signal, waits for the exit code, and restarts', async () => {
    const record = await run({ name: `kill-${suffix}`, command: ['sh', '-c', 'echo run; exec sleep 300'] });
    expect(await handle.wait!(record.id, { for: 'running', timeoutMs: 30_000 })).toMatchObject({ status: 'running' });
    const timedOut = await rejection(handle.wait!(record.id, { for: 'exited', timeoutMs: 300 }));
    expect(timedOut.code).toBe('timeout');
    expect((await rejection(handle.killContainer!(record.id, { killSignal: 'SIGNOPE' }))).code).toBe(
      'invalid-argument',
    );
    await handle.killContainer!(record.id, { killSignal: 'KILL' });
    expect(await handle.wait!(record.id, { timeoutMs: 30_000 })).toEqual({
      id: record.id,
      status: 'exited',
      exitCode: 137,
    });

    await handle.restartContainer!(record.id, { timeoutSeconds: 1 });
    expect((await handle.inspectContainer(record.id)).status).toBe('running');
    await handle.killContainer!(record.id, { killSignal: '9' });
    await handle.wait!(record.id, { timeoutMs: 30_000 });
    const runs = (await collect(handle.logs!(record.id))).filter((entry) => entry.line === 'run');
    expect(runs).toHaveLength(2);

    const waitRemoved = handle.wait!(record.id, { for: 'removed', timeoutMs: 30_000 });
    await handle.removeContainer!(record.id);
    expect(await waitRemoved).toEqual({ id: record.id, status: 'removed', exitCode: null });
  });

  it('force-removes a running and a paused container', async () => {
    const runtimeIds = async () => {
      const { stdout } = await execa(options.binary, ['--root', options.root!, 'list', '--format', 'json']);
      return ((JSON.parse(stdout.trim() || 'null') as Array<{ id: string }> | null) ?? []).map((state) => state.id);
    };
    const running = await run({ name: `force-run-${suffix}`, command: ['sleep', '300'] });
    const paused = await run({ name: `force-paused-${suffix}`, command: ['sleep', '300'] });
    await handle.pauseContainer!(paused.id);
    expect((await handle.inspectContainer(paused.id)).status).toBe('paused');
    expect(await runtimeIds()).toEqual(expect.arrayContaining([running.id, paused.id]));

    for (const record of [running, paused]) {
      expect((await rejection(handle.removeContainer!(record.id))).code).toBe('conflict');
      await handle.removeContainer!(record.id, { force: true });
      expect((await rejection(handle.inspectContainer(record.id))).code).toBe('not-found');
      expect((await handle.listContainers({ all: true })).some((entry) => entry.id === record.id)).toBe(false);
      expect(existsSync(path.join(options.dataDir!, 'containers', record.id))).toBe(false);
      // The name is free again.
      const reused = await create({ name: record.name, command: ['true'] });
      await handle.removeContainer!(reused.id);
    }
    const left = await runtimeIds();
    expect(left).not.toContain(running.id);
    expect(left).not.toContain(paused.id);
  });

  it('runs a command to completion and follows its logs to the end', async () => {
    const record = await run({ command: ['sh', '-c', 'for i in 1 2 3; do echo line$i; sleep 0.2; done; exit 5'] });
    const followed = await collect(handle.logs!(record.id, { follow: true }));
    expect(followed.map((entry) => entry.line)).toEqual(['line1', 'line2', 'line3']);
    expect(await handle.wait!(record.id, { timeoutMs: 30_000 })).toMatchObject({ status: 'exited', exitCode: 5 });
    const since = followed[1]!.timestamp!;
    const tail = await collect(handle.logs!(record.id, { since }));
    expect(tail.map((entry) => entry.line)).toEqual(['line2', 'line3']);
    expect(record.name).toMatch(/\S/);
  });

  it('uses the image defaults and the user flags in the generated spec', async () => {
    const record = await run({
      command: ['sh', '-c', 'cat /proc/net/dev; id -u; touch /probe && echo writable || echo readonly; echo $PATH'],
      readOnlyRootfs: true,
      memoryLimit: 64 * 1024 * 1024,
      user: '1234',
    });
    const result = await handle.wait!(record.id, { timeoutMs: 30_000 });
    expect(result.exitCode).toBe(0);
    const lines = (await collect(handle.logs!(record.id))).map((entry) => entry.line);
    // A private network namespace holds only loopback.
    const interfaces = lines.filter((line) => /^\s*[\w.-]+:\s+\d/.test(line)).map((line) => line.trim().split(':')[0]);
    expect(interfaces).toEqual(['lo']);
    expect(lines).toContain('1234');
    expect(lines).toContain('readonly');
    expect(lines.some((line) => line.includes('/bin'))).toBe(true);
    const inspected = await handle.inspectContainer(record.id);
    expect(inspected.security).toMatchObject({ user: '1234:0', readonlyRootfs: true, memoryLimit: 64 * 1024 * 1024 });
    const config = JSON.parse(
      await readFile(path.join(options.dataDir!, 'containers', record.id, 'config.json'), 'utf8'),
    ) as { process: { terminal: boolean; env: string[] }; linux: { resources: { memory: { limit: number } } } };
    expect(config.process.terminal).toBe(false);
    expect(config.linux.resources.memory.limit).toBe(64 * 1024 * 1024);
  });

  it('shares the host network when asked', async () => {
    const record = await run({ command: ['cat', '/proc/net/dev'], network: 'host' });
    await handle.wait!(record.id, { timeoutMs: 30_000 });
    const lines = (await collect(handle.logs!(record.id))).map((entry) => entry.line);
    const interfaces = lines.filter((line) => /^\s*[\w.-]+:\s+\d/.test(line)).map((line) => line.trim().split(':')[0]);
    expect(interfaces.length).toBeGreaterThan(1);
    expect((await handle.inspectContainer(record.id)).security?.namespaces.hostNetwork).toBe(true);
  });

  it('removes an auto-remove container once it exits', async () => {
    const record = await run({ command: ['sh', '-c', 'sleep 0.5'], autoRemove: true });
    // The container may already be gone when wait starts; then wait itself answers not-found.
    const waited = await handle.wait!(record.id, { for: 'removed', timeoutMs: 30_000 }).catch(
      (error: unknown) => error,
    );
    if (waited instanceof IcrError) expect(waited.code).toBe('not-found');
    else expect(waited).toMatchObject({ status: 'removed' });
    expect(existsSync(path.join(options.dataDir!, 'containers', record.id))).toBe(false);
    expect((await rejection(handle.inspectContainer(record.id))).code).toBe('not-found');
  });

  it('pulls on create when the image is not in the store', async () => {
    const dataDir = path.join(lab().dir, `${options.binary}-autopull-${suffix}`);
    extraDirs.push(dataDir);
    const fresh = await plugin.connect({ ...options, dataDir }, { runtimeName: runtime, env: process.env });
    expect(await fresh.listImages!()).toEqual([]);
    const record = await fresh.createContainer!({ image, command: ['echo', 'pulled'], network: 'none' });
    try {
      expect((await fresh.listImages!()).flatMap((entry) => entry.repoTags)).toContain(image);
      await fresh.startContainer!(record.id);
      expect(await fresh.wait!(record.id, { timeoutMs: 30_000 })).toMatchObject({ exitCode: 0 });
      expect((await collect(fresh.logs!(record.id))).map((entry) => entry.line)).toEqual(['pulled']);
      await fresh.removeImage!(image);
      expect(await fresh.listImages!()).toEqual([]);
    } finally {
      await fresh.removeContainer!(record.id, { force: true });
    }
  });

  it('lists and removes a container made with the runtime CLI directly', async () => {
    const donor = await create({ command: ['sleep', '300'] });
    const bundle = path.join(options.dataDir!, 'containers', donor.id);
    const foreignId = `foreign-${suffix}`;
    const network = options.binary === 'runsc' ? ['--network=none'] : [];
    await execa(options.binary, ['--root', options.root!, ...network, 'create', '--bundle', bundle, foreignId], {
      stdio: 'ignore',
    });
    try {
      const listed = (await handle.listContainers({ all: true })).find((entry) => entry.id === foreignId);
      expect(listed).toMatchObject({ name: foreignId, status: 'created', image: '' });
      const inspected = await handle.inspectContainer(foreignId);
      expect(inspected.command).toEqual(['sleep', '300']);
      expect(inspected.security?.namespaces.hostPid).toBe(false);
      await handle.removeContainer!(foreignId, { force: true });
      expect((await rejection(handle.inspectContainer(foreignId))).code).toBe('not-found');
    } finally {
      await execa(options.binary, ['--root', options.root!, 'delete', '--force', foreignId], { reject: false });
    }
  });

  it('reports a command that cannot start', async () => {
    const record = await create({ command: ['/no/such/binary'] });
    const error = await rejection(handle.startContainer!(record.id));
    expect(error.code).toBe('runtime-error');
    expect(error.message).toContain('/no/such/binary');
    expect((await handle.inspectContainer(record.id)).status).toBe('exited');
  });

  it('answers not-found, invalid-argument and cancelled', async () => {
    const ghost = `ghost-${suffix}`;
    for (const call of [
      () => handle.inspectContainer(ghost),
      () => handle.startContainer!(ghost),
      () => handle.stopContainer!(ghost),
      () => handle.killContainer!(ghost),
      () => handle.pauseContainer!(ghost),
      () => handle.removeContainer!(ghost, { force: true }),
      () => handle.exec!(ghost, { command: ['true'] }),
      () => handle.wait!(ghost),
      () => collect(handle.logs!(ghost)),
    ]) {
      const error = await rejection(call());
      expect(error.code).toBe('not-found');
      expect(error.runtime).toBe(runtime);
    }
    expect((await rejection(handle.inspectContainer('../../etc'))).code).toBe('not-found');
    expect((await rejection(handle.createContainer!({ image, command: [], entrypoint: [] }))).code).toBe(
      'invalid-argument',
    );
    const aborted = AbortSignal.abort();
    expect((await rejection(handle.listContainers({ all: true, signal: aborted }))).code).toBe('cancelled');
    expect((await rejection(handle.pullImage!(image, { signal: aborted }))).code).toBe('cancelled');
  });

  it('names the missing binary as unreachable', async () => {
    const missing = { ...options, binary: `icr-no-such-runtime-${suffix}` };
    expect(await plugin.detect(missing, process.env)).toBe(false);
    const broken = await plugin.connect(missing, { runtimeName: runtime, env: process.env });
    const error = await rejection(broken.listContainers({ all: true }));
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain(missing.binary);
    expect(error.hint).toContain('binary');
    expect((await rejection(broken.version())).code).toBe('unreachable');
  });
});

// Keeps the type import used for readers of the record shape.
export type { ContainerRecord };
