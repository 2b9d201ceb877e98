import { isIcrError, type PullProgress, type RuntimeHandle } from '@icr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab } from '../../../test/support/lab.ts';
import { ContainerTracker, connect, dockerCli, RUNTIME, uniqueName } from './helpers.ts';

let handle: RuntimeHandle;
const tracker = new ContainerTracker(() => handle);
/** A tag of the test image that only this file uses, pushed to the lab registry and absent locally. */
let privateRef: string;

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}

function removeLocal(ref: string): void {
  try {
    dockerCli(['rmi', ref]);
  } catch {
    // not present
  }
}

beforeAll(async () => {
  handle = await connect();
  await handle.pullImage!(lab().testImage);
  privateRef = `${lab().registry}/icr/${uniqueName('img')}:v1`;
  dockerCli(['tag', lab().testImage, privateRef]);
  dockerCli(['push', privateRef]);
  removeLocal(privateRef);
});

afterAll(async () => {
  await tracker.cleanup();
  removeLocal(privateRef);
  await handle.close();
});

describe('images', () => {
  it('lists images as docker does', async () => {
    const images = await handle.listImages!();
    const id = dockerCli(['image', 'inspect', '--format', '{{.Id}}', lab().testImage]).trim();
    const testImage = images.find((image) => image.id === id);
    expect(testImage).toMatchObject({ kind: 'image', runtime: RUNTIME });
    expect(testImage?.repoTags).toContain(lab().testImage);
    expect(testImage?.digests.some((digest) => digest.includes('@sha256:'))).toBe(true);
    expect(testImage?.size).toBeGreaterThan(0);
    const cliIds = new Set(dockerCli(['images', '-q', '--no-trunc']).trim().split('\n'));
    expect(cliIds.has(id)).toBe(true);
    for (const image of images) expect(image.repoTags.every((tag) => !tag.startsWith('<none>'))).toBe(true);
  });

  it('pulls with progress events, then removes the image', async () => {
    const events: PullProgress[] = [];
    const pulled = await handle.pullImage!(privateRef, { onProgress: (event) => events.push(event) });
    expect(pulled.repoTags).toContain(privateRef);
    expect(pulled.id).toBe(dockerCli(['image', 'inspect', '--format', '{{.Id}}', privateRef]).trim());
    expect(events.length).toBeGreaterThan(0);
    expect(events.some((event) => event.id !== null && event.id !== 'v1')).toBe(true);
    expect(events.some((event) => /^Digest: sha256:/.test(event.status))).toBe(true);

    await handle.removeImage!(privateRef);
    const after = await handle.listImages!();
    expect(after.some((image) => image.repoTags.includes(privateRef))).toBe(false);
    const again = await caught(handle.removeImage!(privateRef));
    expect(isIcrError(again, 'not-found')).toBe(true);
  });

  it('pulls a missing image when creating a container, like docker run', async () => {
    removeLocal(privateRef);
    const record = await tracker.create({ image: privateRef, command: ['echo', 'pulled'] });
    expect(record.image).toBe(privateRef);
    await handle.startContainer!(record.id);
    expect(await handle.wait!(record.id)).toMatchObject({ status: 'exited', exitCode: 0 });

    // In use by a container: removing needs force.
    const inUse = await caught(handle.removeImage!(privateRef));
    expect(isIcrError(inUse, 'conflict')).toBe(true);
    await handle.removeImage!(privateRef, { force: true });
    expect(dockerCli(['images', '-q', privateRef]).trim()).toBe('');
  });

  it('turns pull failures into typed errors', async () => {
    const missing = await caught(handle.pullImage!(`${lab().registry}/icr/${uniqueName('absent')}:latest`));
    expect(isIcrError(missing, 'not-found')).toBe(true);
    if (isIcrError(missing)) {
      expect(missing.runtime).toBe(RUNTIME);
      expect(missing.message).toMatch(/not found|manifest unknown/);
    }

    const missingTag = await caught(handle.pullImage!(lab().testImage.replace(/:latest$/, ':no-such-tag')));
    expect(isIcrError(missingTag, 'not-found')).toBe(true);

    const badRef = await caught(handle.pullImage!('Not::A-Reference'));
    expect(isIcrError(badRef, 'invalid-argument')).toBe(true);

    // Nothing listens on port 1: the engine reports the registry error inside its 200 stream.
    const deadRegistry = await caught(handle.pullImage!('127.0.0.1:1/icr/nothing:latest'));
    expect(isIcrError(deadRegistry, 'runtime-error')).toBe(true);
    if (isIcrError(deadRegistry)) expect(deadRegistry.message).toMatch(/connection refused/);

    const createMissing = await caught(
      handle.createContainer!({ image: `${lab().registry}/icr/${uniqueName('absent')}:latest` }),
    );
    expect(isIcrError(createMissing, 'not-found')).toBe(true);
  });

  it('can be cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await caught(handle.pullImage!(lab().testImage, { signal: controller.signal }));
    expect(isIcrError(error, 'cancelled')).toBe(true);
  });
});
