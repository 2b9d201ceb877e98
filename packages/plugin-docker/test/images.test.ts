import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isIcrError, type PullProgress, type RuntimeHandle } from '@icr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab } from '../../../test/support/lab.ts';
import { ContainerTracker, connect, dockerCli, RUNTIME, uniqueName } from './helpers.ts';

let handle: RuntimeHandle;
const tracker = new ContainerTracker(() => handle);
/** A tag of the test image that only this file uses, pushed to the lab registry and absent locally. */
let privateRef: string;
/** A one-layer image of its own (so a pull has layers to fetch), pushed and absent locally. */
let layerRef: string;

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

function importUniqueImage(ref: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'icr-docker-layer-'));
  try {
    mkdirSync(join(dir, 'rootfs'));
    writeFileSync(join(dir, 'rootfs', 'marker'), `${ref}\n`);
    execFileSync('tar', ['-C', join(dir, 'rootfs'), '-cf', join(dir, 'layer.tar'), '.']);
    dockerCli(['import', join(dir, 'layer.tar'), ref]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  handle = await connect();
  await handle.pullImage!(lab().testImage);
  privateRef = `${lab().registry}/icr/${uniqueName('img')}:v1`;
  dockerCli(['tag', lab().testImage, privateRef]);
  dockerCli(['push', privateRef]);
  removeLocal(privateRef);
  layerRef = `${lab().registry}/icr/${uniqueName('layer')}:v1`;
  importUniqueImage(layerRef);
  dockerCli(['push', layerRef]);
  removeLocal(layerRef);
});

afterAll(async () => {
  await tracker.cleanup();
  removeLocal(privateRef);
  removeLocal(layerRef);
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

  it('pulls with progress events, and removes only images nothing uses', async () => {
    const events: PullProgress[] = [];
    const pulled = await handle.pullImage!(layerRef, { onProgress: (event) => events.push(event) });
    expect(pulled).toMatchObject({ kind: 'image', runtime: RUNTIME });
    expect(pulled.repoTags).toContain(layerRef);
    expect(pulled.id).toBe(dockerCli(['image', 'inspect', '--format', '{{.Id}}', layerRef]).trim());
    const layerEvents = events.filter((event) => event.id !== null && event.id !== 'v1');
    expect(layerEvents.map((event) => event.status)).toEqual(
      expect.arrayContaining(['Pulling fs layer', 'Pull complete']),
    );
    expect(events.some((event) => /^Digest: sha256:/.test(event.status))).toBe(true);

    const user = await tracker.create({ image: layerRef, command: ['/marker'] });
    const inUse = await caught(handle.removeImage!(layerRef));
    expect(isIcrError(inUse, 'conflict')).toBe(true);
    await handle.removeContainer!(user.id);

    await handle.removeImage!(layerRef);
    const after = await handle.listImages!();
    expect(after.some((image) => image.id === pulled.id)).toBe(false);
    const again = await caught(handle.removeImage!(layerRef));
    expect(isIcrError(again, 'not-found')).toBe(true);
    if (isIcrError(again)) expect(again.message).toContain(layerRef);
  });

  it('pulls a missing image when creating a container, like docker run', async () => {
    removeLocal(privateRef);
    const record = await tracker.create({ image: privateRef, command: ['echo', 'pulled'] });
    expect(record.image).toBe(privateRef);
    await handle.startContainer!(record.id);
    expect(await handle.wait!(record.id)).toMatchObject({ status: 'exited', exitCode: 0 });
    await handle.removeContainer!(record.id);
    await handle.removeImage!(privateRef);
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
