import { isIcrError, type PullProgress, type RuntimeHandle } from '@icr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushBusyboxImage } from '../../../scripts/lab/image/busybox.ts';
import { lab } from '../../../test/support/lab.ts';
import { connect, RUNTIME, rejection, uniqueName } from './helpers.ts';

let handle: RuntimeHandle;

beforeAll(async () => {
  handle = await connect();
});

afterAll(async () => {
  await handle.close();
});

describe('images', () => {
  it('pulls the test image with a start and a done event, and lists it', async () => {
    const events: PullProgress[] = [];
    const image = await handle.pullImage!(lab().testImage, { onProgress: (event) => events.push(event) });
    expect(image).toMatchObject({
      kind: 'image',
      runtime: RUNTIME,
      repoTags: expect.arrayContaining([lab().testImage]),
    });
    expect(image.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(image.size).toBeGreaterThan(0);
    expect(events.map((event) => event.status)).toEqual([`Pulling ${lab().testImage}`, `Pulled ${lab().testImage}`]);
    const listed = await handle.listImages!();
    expect(listed.find((candidate) => candidate.id === image.id)?.repoTags).toContain(lab().testImage);
  });

  it('removes an image by tag (an image of its own, so other tests keep theirs)', async () => {
    const reference = `${lab().registry}/icr/busybox:${uniqueName('rmi')}`;
    await pushBusyboxImage(reference, { labels: { 'icr.test': reference } });
    const pulled = await handle.pullImage!(reference);
    expect(pulled.repoTags).toEqual([reference]);
    expect((await handle.listImages!()).map((image) => image.id)).toContain(pulled.id);
    await handle.removeImage!(reference);
    const after = await handle.listImages!();
    expect(after.map((image) => image.id)).not.toContain(pulled.id);
    expect(after.flatMap((image) => image.repoTags)).not.toContain(reference);
  });

  it('says not-found for an image it does not have, and for a pull of a missing one', async () => {
    expect(isIcrError(await rejection(handle.removeImage!('icr-criotest/no-such-image:1')), 'not-found')).toBe(true);
    const error = await rejection(handle.pullImage!(`${lab().registry}/icr/${uniqueName('missing')}:latest`));
    expect(isIcrError(error, 'not-found')).toBe(true);
    expect((error as { runtime: string }).runtime).toBe(RUNTIME);
  });
});
