/** The shared OCI registry client against the lab's real docker-registry (plain http on loopback). */
import { describe, expect, it } from 'vitest';
import { lab } from '../../../test/support/lab.ts';
import { IcrError } from '../src/errors.ts';
import { digestOf, parseImageReference, RegistryClient } from '../src/oci/index.ts';

describe('RegistryClient against the lab registry', () => {
  it('resolves the test image and streams a verified layer', async () => {
    const client = new RegistryClient({ runtime: 'lab' });
    const image = await client.resolve(lab().testImage);
    expect(image.reference.canonical).toBe(lab().testImage);
    expect(image.manifestDigest).toBe(digestOf(image.manifestBytes));
    expect(image.config.config?.Cmd).toEqual(['sh']);
    expect(image.config.config?.Env?.some((entry) => entry.startsWith('PATH='))).toBe(true);
    expect(image.manifest.layers.length).toBeGreaterThan(0);
    const layer = image.manifest.layers[0]!;
    let size = 0;
    for await (const chunk of await client.fetchBlob(image.reference, layer)) size += chunk.byteLength;
    expect(size).toBe(layer.size);
    // The same manifest by digest.
    const byDigest = await client.resolve(`${image.reference.name}@${image.manifestDigest}`);
    expect(byDigest.config).toEqual(image.config);
  });

  it('names the image when it is missing and the registry when it is unreachable', async () => {
    const client = new RegistryClient({ runtime: 'lab' });
    const missing = `${lab().registry}/icr/never-pushed-${process.pid}:latest`;
    const notFound = await client.resolve(missing).catch((error: unknown) => error);
    expect(notFound).toBeInstanceOf(IcrError);
    expect((notFound as IcrError).code).toBe('not-found');
    expect((notFound as IcrError).message).toContain(missing);
    const blob = await client
      .fetchBlob(parseImageReference(lab().testImage), { mediaType: 'x', digest: `sha256:${'0'.repeat(64)}`, size: 1 })
      .catch((error: unknown) => error);
    expect((blob as IcrError).code).toBe('not-found');
    const down = await client.resolve('127.0.0.1:9/icr/busybox:latest').catch((error: unknown) => error);
    expect((down as IcrError).code).toBe('unreachable');
    expect((down as IcrError).message).toContain('127.0.0.1:9');
  });
});
