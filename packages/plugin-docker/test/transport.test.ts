import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isIcrError } from '@icr/core';
import { afterEach, describe, expect, it } from 'vitest';
import { lab } from '../../../test/support/lab.ts';
import { MAX_API_VERSION } from '../src/api-version.ts';
import plugin from '../src/index.ts';
import { connect, RUNTIME } from './helpers.ts';

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}

type Listen = { kind: 'unix' } | { kind: 'tcp' } | { kind: 'tls'; key: Buffer; cert: Buffer; clientCa: Buffer };

/**
 * A stand-in for a daemon's endpoint, for what a real dockerd cannot be made to
 * do on demand: vanish mid-session, cut a stream, speak another API version,
 * or listen on tcp/TLS (the lab's dockerd listens on its unix socket only).
 */
class FakeDaemon {
  readonly dir = mkdtempSync(join(tmpdir(), 'icr-docker-fake-'));
  readonly socketPath = join(this.dir, 'docker.sock');
  readonly paths: string[] = [];
  port = 0;
  private server: Server | undefined;

  private readonly apiVersion: string;
  private readonly listen: Listen;

  constructor(apiVersion: string, listen: Listen = { kind: 'unix' }) {
    this.apiVersion = apiVersion;
    this.listen = listen;
  }

  get host(): string {
    if (this.listen.kind === 'unix') return `unix://${this.socketPath}`;
    return `tcp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const handler = (request: IncomingMessage, response: ServerResponse) => {
      const url = request.url ?? '';
      this.paths.push(url);
      if (url === '/_ping') {
        response.writeHead(200, { 'API-Version': this.apiVersion, 'Content-Type': 'text/plain' });
        response.end('OK');
      } else if (url.includes('/containers/json')) {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('[]');
      } else if (url.includes('/containers/cut/json')) {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ Id: 'cut', Config: { Tty: false } }));
      } else if (url.includes('/containers/cut/logs')) {
        // Headers and half a frame, then the daemon "dies".
        response.writeHead(200, { 'Content-Type': 'application/vnd.docker.raw-stream' });
        response.write(Buffer.from([1, 0, 0, 0, 0, 0, 0, 10, 104, 105]), () => request.socket.destroy());
      } else {
        response.writeHead(404, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ message: `page not found: ${url}` }));
      }
    };
    const listen = this.listen;
    const server =
      listen.kind === 'tls'
        ? createHttpsServer(
            { key: listen.key, cert: listen.cert, ca: [listen.clientCa], requestCert: true, rejectUnauthorized: true },
            handler,
          )
        : createServer(handler);
    this.server = server;
    await new Promise<void>((resolve) => {
      if (listen.kind === 'unix') server.listen(this.socketPath, resolve);
      else server.listen(this.port, '127.0.0.1', resolve);
    });
    const address = server.address();
    if (address && typeof address === 'object') this.port = address.port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const disposables: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposables.length > 0) await disposables.pop()?.();
});

async function fakeDaemon(apiVersion = '1.41', options: Record<string, unknown> = {}, listen?: Listen) {
  const server = new FakeDaemon(apiVersion, listen);
  await server.start();
  const handle = await plugin.connect({ host: server.host, ...options }, { runtimeName: RUNTIME, env: process.env });
  disposables.push(
    () => server.dispose(),
    () => handle.close(),
  );
  return { server, handle };
}

describe('reaching the daemon', () => {
  it('names a missing socket and says what to check', async () => {
    const socket = join(tmpdir(), `icr-no-such-${process.pid}.sock`);
    const handle = await plugin.connect({ host: socket }, { runtimeName: RUNTIME, env: process.env });
    disposables.push(() => handle.close());
    expect(await plugin.detect({ host: socket }, process.env)).toBe(false);
    const error = await caught(handle.listContainers());
    expect(isIcrError(error, 'unreachable')).toBe(true);
    if (!isIcrError(error)) return;
    expect(error.message).toContain(`unix://${socket}`);
    expect(error.runtime).toBe(RUNTIME);
    expect(error.hint).toMatch(/dockerd running/);
    expect(error.hint).toMatch(/DOCKER_HOST/);
  });

  it('detects the lab socket and describes it', async () => {
    expect(await plugin.detect({ host: lab().dockerHost }, process.env)).toBe(true);
    expect(plugin.describeEndpoint({ host: lab().dockerHost })).toBe(lab().dockerHost);
    expect(plugin.defaultOptions({ DOCKER_HOST: lab().dockerHost })).toEqual({ host: lab().dockerHost });
  });

  it('reports unreachable when the daemon stops mid-session, and recovers when it is back', async () => {
    const { server, handle } = await fakeDaemon();
    expect(await handle.listContainers()).toEqual([]);
    await server.stop();
    const error = await caught(handle.listContainers());
    expect(isIcrError(error, 'unreachable')).toBe(true);
    if (isIcrError(error)) expect(error.message).toContain(server.socketPath);
    await server.start();
    expect(await handle.listContainers()).toEqual([]);
  });

  it('reports unreachable when the connection drops inside a stream', async () => {
    const { handle } = await fakeDaemon();
    const error = await caught(
      (async () => {
        for await (const _ of handle.logs!('cut')) {
          // nothing arrives whole
        }
      })(),
    );
    expect(isIcrError(error, 'unreachable')).toBe(true);
    if (isIcrError(error)) expect(error.message).toMatch(/connection lost/);
  });
});

describe('API version negotiation', () => {
  it('uses the engine’s version when it is older than ours', async () => {
    const { server, handle } = await fakeDaemon('1.35');
    await handle.listContainers();
    expect(server.paths.at(-1)).toMatch(/^\/v1\.35\/containers\/json/);
  });

  it('uses ours when the engine is newer', async () => {
    const { server, handle } = await fakeDaemon('1.99');
    await handle.listContainers();
    await handle.listContainers();
    expect(server.paths.at(-1)).toMatch(new RegExp(`^/v${MAX_API_VERSION.replace('.', '\\.')}/containers/json`));
    // Negotiated once per handle.
    expect(server.paths.filter((path) => path === '/_ping')).toHaveLength(1);
  });

  it('lets one caller cancel without cancelling the negotiation others share', async () => {
    const { server, handle } = await fakeDaemon();
    const controller = new AbortController();
    const first = caught(handle.listContainers({ signal: controller.signal }));
    const second = handle.listContainers();
    controller.abort();
    expect(isIcrError(await first, 'cancelled')).toBe(true);
    expect(await second).toEqual([]);
    expect(server.paths.filter((path) => path === '/_ping')).toHaveLength(1);
  });

  it('refuses engines older than it can speak', async () => {
    const { handle } = await fakeDaemon('1.24');
    const error = await caught(handle.listContainers());
    expect(isIcrError(error, 'unsupported')).toBe(true);
  });

  it('honours a pinned apiVersion without asking', async () => {
    const { server, handle } = await fakeDaemon('1.41', { apiVersion: '1.40' });
    await handle.listContainers();
    expect(server.paths).toEqual(['/v1.40/containers/json?all=0']);
  });

  it('talks to the real engine at a pinned older version', async () => {
    const handle = await connect({ apiVersion: '1.40' });
    disposables.push(() => handle.close());
    expect((await handle.version()).apiVersion).toBe('1.40');
    expect(Array.isArray(await handle.listContainers({ all: true }))).toBe(true);
  });
});

describe('tcp hosts', () => {
  it('speaks plain HTTP to tcp://host:port', async () => {
    const { server, handle } = await fakeDaemon('1.41', {}, { kind: 'tcp' });
    expect(await handle.listContainers()).toEqual([]);
    expect(server.paths).toEqual(['/_ping', '/v1.41/containers/json?all=0']);
    expect(plugin.describeEndpoint({ host: server.host })).toBe(server.host);
    expect(await plugin.detect({ host: server.host }, {})).toBe(true);
  });

  it('speaks mutual TLS with the configured CA, certificate and key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icr-docker-tls-'));
    disposables.push(async () => rmSync(dir, { recursive: true, force: true }));
    const selfSigned = (name: string, subject: string, san: string) => {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-keyout',
          join(dir, `${name}-key.pem`),
          '-out',
          join(dir, `${name}-cert.pem`),
          '-subj',
          subject,
          '-addext',
          san,
        ],
        { stdio: 'ignore' },
      );
      return { key: join(dir, `${name}-key.pem`), cert: join(dir, `${name}-cert.pem`) };
    };
    const serverPair = selfSigned('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1');
    const clientPair = selfSigned('client', '/CN=icr-client', 'extendedKeyUsage=clientAuth');
    const listen: Listen = {
      kind: 'tls',
      key: readFileSync(serverPair.key),
      cert: readFileSync(serverPair.cert),
      clientCa: readFileSync(clientPair.cert),
    };
    const { handle } = await fakeDaemon(
      '1.41',
      { tlsCa: serverPair.cert, tlsCert: clientPair.cert, tlsKey: clientPair.key },
      listen,
    );
    expect(await handle.listContainers()).toEqual([]);

    // Without a client certificate the server refuses the handshake.
    const { handle: anonymous } = await fakeDaemon('1.41', { tlsCa: serverPair.cert }, listen);
    const refused = await caught(anonymous.listContainers());
    expect(isIcrError(refused, 'unreachable')).toBe(true);

    // Trusting the wrong CA: our side rejects the daemon's certificate.
    const { handle: distrustful } = await fakeDaemon(
      '1.41',
      { tlsCa: clientPair.cert, tlsCert: clientPair.cert, tlsKey: clientPair.key },
      listen,
    );
    const untrusted = await caught(distrustful.listContainers());
    expect(isIcrError(untrusted, 'unreachable')).toBe(true);
    if (isIcrError(untrusted)) expect(untrusted.hint).toMatch(/tlsCa/);
  });

  it('names an unreadable TLS file', async () => {
    const error = await caught(
      plugin.connect({ host: 'tcp://127.0.0.1:2376', tlsCa: '/nonexistent/ca.pem' }, { runtimeName: RUNTIME, env: {} }),
    );
    expect(isIcrError(error, 'invalid-argument')).toBe(true);
    if (isIcrError(error)) expect(error.message).toContain('/nonexistent/ca.pem');
  });
});
