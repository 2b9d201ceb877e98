import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isIcrError } from '@icr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab, openSandbox, type Sandbox, uniqueName } from './support.ts';

describe('containerd plugin and ctr see the same containers', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await openSandbox();
    await sandbox.handle.pullImage!(lab().testImage);
  });
  afterAll(async () => {
    await sandbox?.dispose();
  });

  it('shows a container started by `ctr run -d --net-host` as running, and can exec, stop and remove it', async () => {
    const id = uniqueName('from-ctr');
    await sandbox.ctr('run', '-d', '--net-host', lab().testImage, id, 'sleep', '300');
    const listed = (await sandbox.handle.listContainers()).find((c) => c.id === id);
    expect(listed).toMatchObject({
      id,
      name: id,
      status: 'running',
      image: lab().testImage,
      command: ['sleep', '300'],
    });
    expect(listed?.pid).toBeGreaterThan(1);
    expect(listed?.security?.namespaces.hostNetwork).toBe(true);

    const exec = await sandbox.handle.exec!(id, { command: ['echo', 'hello from icr'] });
    expect(exec).toMatchObject({ exitCode: 0, stdout: 'hello from icr\n', stderr: '' });

    await sandbox.handle.stopContainer!(id, { timeoutSeconds: 1 });
    expect(await sandbox.ctr('tasks', 'ls')).toMatch(new RegExp(`${id}\\s+\\d+\\s+STOPPED`));
    await sandbox.handle.removeContainer!(id);
    expect(await sandbox.ctr('containers', 'ls', '-q')).not.toContain(id);
  });

  it('reads the logs of a container ctr ran with --log-uri file://', async () => {
    const id = uniqueName('ctr-logs');
    const logFile = join(sandbox.logDir, `${id}-ctr.log`);
    await sandbox.ctr(
      'run',
      '-d',
      '--log-uri',
      `file://${logFile}`,
      lab().testImage,
      id,
      'sh',
      '-c',
      // stdout only: containerd 1.6's shim now and then drops the stderr line when both streams
      // share one file:// log (seen with plain ctr, 2 runs in 30), which is not what is tested here.
      'echo from-ctr; echo second-line',
    );
    expect(await sandbox.handle.wait!(id, { timeoutMs: 30_000 })).toMatchObject({ exitCode: 0 });
    // With a file:// URI the shim copies the output through pipes and may still be writing
    // when the exit is reported: let it finish first.
    const deadline = Date.now() + 30_000;
    while ((await readFile(logFile, 'utf8').catch(() => '')).split('\n').length < 3) {
      if (Date.now() > deadline) throw new Error(`the shim never wrote both lines to ${logFile}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const lines: string[] = [];
    for await (const entry of sandbox.handle.logs!(id)) lines.push(entry.line);
    expect(lines).toEqual(['from-ctr', 'second-line']);
    await sandbox.handle.removeContainer!(id);
    await rm(logFile, { force: true });
  });

  it('shows a container ctr created without a task as created, and starts it', async () => {
    const id = uniqueName('ctr-created');
    await sandbox.ctr('containers', 'create', lab().testImage, id, 'sleep', '300');
    expect((await sandbox.handle.inspectContainer(id)).status).toBe('created');
    await sandbox.handle.startContainer!(id);
    expect((await sandbox.handle.inspectContainer(id)).status).toBe('running');
    expect(await sandbox.ctr('tasks', 'ls')).toMatch(new RegExp(`${id}\\s+\\d+\\s+RUNNING`));
  });

  it('gives ctr the containers it creates, which ctr can kill and delete', async () => {
    const name = uniqueName('from-icr');
    await sandbox.handle.createContainer!({ image: lab().testImage, name, command: ['sleep', '300'] });
    await sandbox.handle.startContainer!(name);
    expect(await sandbox.ctr('containers', 'ls')).toMatch(
      new RegExp(`${name}\\s+${lab().testImage.replace(/\./g, '\\.')}\\s+io\\.containerd\\.runc\\.v2`),
    );
    const info = JSON.parse(await sandbox.ctr('containers', 'info', name)) as {
      Labels: Record<string, string>;
      Spec: { process: { args: string[] } };
    };
    expect(info.Labels['nerdctl/name']).toBe(name);
    expect(info.Spec.process.args).toEqual(['sleep', '300']);

    await sandbox.ctr('tasks', 'kill', '-s', 'SIGKILL', name);
    expect(await sandbox.handle.wait!(name, { timeoutMs: 30_000 })).toMatchObject({ status: 'exited', exitCode: 137 });
    await sandbox.ctr('tasks', 'delete', name);
    await sandbox.ctr('containers', 'delete', name);
    const error = await sandbox.handle.inspectContainer(name).catch((e: unknown) => e);
    expect(isIcrError(error, 'not-found')).toBe(true);
  });

  it('unpacks an image ctr fetched without unpacking when creating a container from it', async () => {
    const other = await openSandbox('icr-ctrd-fetch');
    try {
      await other.ctr('content', 'fetch', '--plain-http', lab().testImage);
      expect(await other.ctr('snapshots', 'ls')).not.toMatch(/Committed/);
      const record = await other.handle.createContainer!({ image: lab().testImage, command: ['echo', 'unpacked'] });
      expect(await other.ctr('snapshots', 'ls')).toMatch(/sha256:[0-9a-f]{64}\s+Committed/);
      await other.handle.startContainer!(record.id);
      expect(await other.handle.wait!(record.id, { timeoutMs: 30_000 })).toMatchObject({ exitCode: 0 });
      const lines: string[] = [];
      for await (const entry of other.handle.logs!(record.id)) lines.push(entry.line);
      expect(lines).toEqual(['unpacked']);
    } finally {
      await other.dispose();
    }
  });

  it('keeps namespaces apart: another namespace does not see these containers', async () => {
    const name = uniqueName('ns-private');
    await sandbox.handle.createContainer!({ image: lab().testImage, name, command: ['true'] });
    const other = await openSandbox('icr-ctrd-other');
    try {
      expect((await other.handle.listContainers({ all: true })).map((c) => c.id)).not.toContain(name);
      const error = await other.handle.inspectContainer(name).catch((e: unknown) => e);
      expect(isIcrError(error, 'not-found')).toBe(true);
    } finally {
      await other.dispose();
    }
  });
});
