import { isIcrError, type PullProgress } from '@icr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab, namespaceExists, openSandbox, type Sandbox, uniqueName } from './support.ts';

describe('containerd images: pull, list, remove', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await openSandbox();
  });
  afterAll(async () => {
    await sandbox?.dispose();
    expect(await namespaceExists(sandbox.namespace)).toBe(false);
  });

  it('pulls the lab image over plain http into a fresh namespace, visible to ctr and unpacked', async () => {
    const progress: PullProgress[] = [];
    const image = await sandbox.handle.pullImage!(lab().testImage, { onProgress: (event) => progress.push(event) });
    expect(image.repoTags).toEqual([lab().testImage]);
    expect(image.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(image.size).toBeGreaterThan(100_000);
    expect(progress.some((event) => event.status === 'done' && event.total !== null && event.total > 0)).toBe(true);

    const ctrImages = await sandbox.ctr('images', 'ls');
    expect(ctrImages).toContain(lab().testImage);
    expect(ctrImages).toContain(image.id);
    // ctr's own check that content and unpacked snapshots are all there.
    const check = await sandbox.ctr('images', 'check');
    expect(check).toMatch(/complete \(\d+\/\d+\)/);
    const snapshots = await sandbox.ctr('snapshots', 'ls');
    expect(snapshots).toMatch(/sha256:[0-9a-f]{64}\s+Committed/);

    const listed = await sandbox.handle.listImages!();
    expect(listed.map((i) => i.id)).toContain(image.id);
  });

  it('pulls again without error and gets the same image', async () => {
    const first = (await sandbox.handle.listImages!()).find((i) => i.repoTags.includes(lab().testImage));
    const again = await sandbox.handle.pullImage!(lab().testImage);
    expect(again.id).toBe(first?.id);
    expect((await sandbox.handle.listImages!()).filter((i) => i.repoTags.includes(lab().testImage))).toHaveLength(1);
  });

  it('a pull cancelled by its signal leaves no image behind', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await sandbox.handle.pullImage!(lab().pauseImage, { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(isIcrError(error, 'cancelled')).toBe(true);
    expect((await sandbox.handle.listImages!()).flatMap((i) => i.repoTags)).not.toContain(lab().pauseImage);
  });

  it('answers not-found for an image the registry does not have', async () => {
    const missing = `${lab().registry}/icr/${uniqueName('missing')}:latest`;
    const error = await sandbox.handle.pullImage!(missing).catch((e: unknown) => e);
    expect(isIcrError(error, 'not-found')).toBe(true);
    expect((await sandbox.handle.listImages!()).flatMap((i) => i.repoTags)).not.toContain(missing);
  });

  it('refuses to remove an image a container uses unless forced, and removes it from ctr', async () => {
    const name = uniqueName('user');
    await sandbox.handle.createContainer!({ image: lab().testImage, name, command: ['true'] });
    const refused = await sandbox.handle.removeImage!(lab().testImage).catch((e: unknown) => e);
    expect(isIcrError(refused, 'conflict')).toBe(true);
    await sandbox.handle.removeContainer!(name);

    await sandbox.handle.removeImage!(lab().testImage);
    expect(await sandbox.handle.listImages!()).toEqual([]);
    expect(await sandbox.ctr('images', 'ls', '-q')).not.toContain(lab().testImage);
    const error = await sandbox.handle.removeImage!(lab().testImage).catch((e: unknown) => e);
    expect(isIcrError(error, 'not-found')).toBe(true);
  });

  it('cannot create a container from an image that is not pulled', async () => {
    const error = await sandbox.handle.createContainer!({ image: lab().testImage, name: uniqueName('nopull') }).catch(
      (e: unknown) => e,
    );
    expect(isIcrError(error, 'not-found')).toBe(true);
    expect((error as Error).message).toContain(lab().testImage);
  });
});
