/**
 * The distribution-API client against a tiny in-process registry (node:http on
 * 127.0.0.1) that serves one multi-platform image and can demand Basic or
 * Bearer authentication, so the auth flows are exercised without the network.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IcrError } from '../errors.ts';
import { parseImageReference } from './reference.ts';
import { RegistryClient } from './registry-client.ts';
import { MEDIA_TYPES } from './types.ts';

const sha = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

const layer = Buffer.from('pretend this is a gzipped tar');
const config = json({ architecture: 'amd64', os: 'linux', config: { Cmd: ['sh'], Env: ['PATH=/bin'] } });
const armConfig = json({ architecture: 'arm64', os: 'linux', config: { Cmd: ['arm'] } });
const manifestFor = (cfg: Buffer) =>
  json({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: MEDIA_TYPES.ociConfig, digest: sha(cfg), size: cfg.length },
    layers: [{ mediaType: MEDIA_TYPES.ociLayerGzip, digest: sha(layer), size: layer.length }],
  });
const amdManifest = manifestFor(config);
const armManifest = manifestFor(armConfig);
const index = json({
  schemaVersion: 2,
  mediaType: MEDIA_TYPES.ociIndex,
  manifests: [
    {
      mediaType: MEDIA_TYPES.ociManifest,
      digest: sha(armManifest),
      size: armManifest.length,
      platform: { os: 'linux', architecture: 'arm64' },
    },
    {
      mediaType: MEDIA_TYPES.ociManifest,
      digest: sha(amdManifest),
      size: amdManifest.length,
      platform: { os: 'linux', architecture: 'amd64' },
    },
  ],
});
const corrupt = Buffer.from('this is not the blob you asked for');
const blobs = new Map<string, Buffer>([
  [sha(layer), layer],
  [sha(config), config],
  [sha(armConfig), armConfig],
  [sha(amdManifest), amdManifest],
  [sha(armManifest), armManifest],
]);

type AuthMode = 'none' | 'basic' | 'bearer';

describe('RegistryClient', () => {
  let server: Server;
  let host: string;
  let mode: AuthMode = 'none';
  const tokenRequests: string[] = [];

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', `http://${host}`);
    if (url.pathname === '/token') {
      tokenRequests.push(url.search);
      if (request.headers.authorization !== `Basic ${Buffer.from('alice:secret').toString('base64')}`) {
        response.writeHead(401).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: 'tok-123' }));
      return;
    }
    const authorization = request.headers.authorization ?? '';
    const expected =
      mode === 'basic'
        ? `Basic ${Buffer.from('alice:secret').toString('base64')}`
        : mode === 'bearer'
          ? 'Bearer tok-123'
          : '';
    if (mode !== 'none' && authorization !== expected) {
      const challenge =
        mode === 'basic'
          ? 'Basic realm="test"'
          : `Bearer realm="http://${host}/token",service="test-registry",scope="repository:${url.pathname.split('/').slice(2, -2).join('/')}:pull"`;
      response.writeHead(401, { 'www-authenticate': challenge, 'content-type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
      return;
    }
    const match = /^\/v2\/(.+)\/(manifests|blobs)\/(.+)$/.exec(url.pathname);
    if (!match) {
      response.writeHead(404).end();
      return;
    }
    const [, repo, kind, key] = match;
    if (kind === 'manifests' && repo === 'icr/multi' && key === 'latest') {
      response.writeHead(200, { 'content-type': MEDIA_TYPES.ociIndex }).end(index);
      return;
    }
    if (kind === 'manifests' && repo === 'icr/single' && key === 'v1') {
      response.writeHead(200, { 'content-type': MEDIA_TYPES.ociManifest }).end(amdManifest);
      return;
    }
    if (kind === 'blobs' && repo === 'icr/corrupt') {
      response.writeHead(200).end(corrupt);
      return;
    }
    const blob = blobs.get(key!);
    if (blob && repo !== 'icr/missing') {
      response.writeHead(200, {
        'content-type': kind === 'manifests' ? MEDIA_TYPES.ociManifest : 'application/octet-stream',
      });
      response.end(blob);
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }));
  }

  beforeAll(async () => {
    server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  async function failure(promise: Promise<unknown>): Promise<IcrError> {
    const outcome = await promise.then(
      () => null,
      (error: unknown) => error,
    );
    if (!(outcome instanceof IcrError)) throw new Error(`expected an IcrError, got ${String(outcome)}`);
    return outcome;
  }

  it('picks the wanted platform from an index and verifies what it reads', async () => {
    mode = 'none';
    const client = new RegistryClient({ runtime: 'rt' });
    const image = await client.resolve(`${host}/icr/multi:latest`, {
      platform: { os: 'linux', architecture: 'amd64' },
    });
    expect(image.indexDigest).toBe(sha(index));
    expect(image.manifestDigest).toBe(sha(amdManifest));
    expect(image.config.config?.Cmd).toEqual(['sh']);
    const arm = await client.resolve(`${host}/icr/multi:latest`, { platform: { os: 'linux', architecture: 'arm64' } });
    expect(arm.config.config?.Cmd).toEqual(['arm']);
    const none = await failure(
      client.resolve(`${host}/icr/multi:latest`, { platform: { os: 'linux', architecture: 's390x' } }),
    );
    expect(none.code).toBe('not-found');
    expect(none.message).toContain('linux/s390x');

    const chunks: Uint8Array[] = [];
    for await (const chunk of await client.fetchBlob(image.reference, image.manifest.layers[0]!)) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(layer)).toBe(true);
  });

  it('resolves a plain manifest, by tag and by digest', async () => {
    mode = 'none';
    const client = new RegistryClient();
    const byTag = await client.resolve(`${host}/icr/single:v1`);
    expect(byTag.indexDigest).toBeUndefined();
    expect(byTag.manifestMediaType).toBe(MEDIA_TYPES.ociManifest);
    const byDigest = await client.resolve(`${host}/icr/single@${sha(amdManifest)}`);
    expect(byDigest.manifestDigest).toBe(sha(amdManifest));
  });

  it('fails a blob whose bytes do not match its digest', async () => {
    mode = 'none';
    const client = new RegistryClient({ runtime: 'rt' });
    const reference = parseImageReference(`${host}/icr/corrupt:v1`);
    const error = await failure(
      client.fetchBlobBytes(reference, { mediaType: 'x', digest: sha(layer), size: layer.length }),
    );
    expect(error.code).toBe('runtime-error');
    expect(error.message).toContain('failed verification');
  });

  it('answers not-found for a missing image and unreachable for a closed port', async () => {
    mode = 'none';
    const client = new RegistryClient({ runtime: 'rt' });
    const missing = await failure(client.resolve(`${host}/icr/missing:latest`));
    expect(missing.code).toBe('not-found');
    expect(missing.message).toContain(`${host}/icr/missing:latest`);
    const refused = await failure(client.resolve('127.0.0.1:1/icr/x:latest'));
    expect(refused.code).toBe('unreachable');
    expect(refused.message).toContain('127.0.0.1:1');
    expect(refused.runtime).toBe('rt');
    const aborted = await failure(client.resolve(`${host}/icr/single:v1`, { signal: AbortSignal.abort() }));
    expect(aborted.code).toBe('cancelled');
  });

  it('sends Basic credentials when the registry asks for them', async () => {
    mode = 'basic';
    const anonymous = await failure(new RegistryClient().resolve(`${host}/icr/single:v1`));
    expect(anonymous.code).toBe('runtime-error');
    expect(anonymous.message).toContain('refused access');
    const client = new RegistryClient({ auth: { [host]: { username: 'alice', password: 'secret' } } });
    expect((await client.resolve(`${host}/icr/single:v1`)).config.config?.Cmd).toEqual(['sh']);
  });

  it('fetches a Bearer token from the challenge realm with the scope', async () => {
    mode = 'bearer';
    tokenRequests.length = 0;
    const client = new RegistryClient({ auth: { [host]: { username: 'alice', password: 'secret' } } });
    expect((await client.resolve(`${host}/icr/single:v1`)).manifestDigest).toBe(sha(amdManifest));
    expect(tokenRequests).toHaveLength(1);
    const params = new URLSearchParams(tokenRequests[0]);
    expect(params.get('service')).toBe('test-registry');
    expect(params.get('scope')).toBe('repository:icr/single:pull');
    const denied = await failure(new RegistryClient().resolve(`${host}/icr/single:v1`));
    expect(denied.message).toContain('token service answered 401');
  });
});
