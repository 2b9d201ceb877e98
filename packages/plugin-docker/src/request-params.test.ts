import { describe, expect, it } from 'vitest';
import { compareApiVersions, MAX_API_VERSION, negotiateApiVersion } from './api-version.ts';
import { createBody } from './create.ts';
import { errorFromStatus, errorFromStreamMessage, errorFromTransport } from './errors.ts';
import { splitImageRef } from './image-ref.ts';
import { jsonLines } from './json-lines.ts';
import { dockerListFilters } from './list.ts';
import { parseLogLine, sinceParam } from './logs.ts';
import { defaultDockerOptions, describeDockerEndpoint, resolveEndpoint } from './options.ts';
import { refPath } from './paths.ts';
import { progressFromMessage } from './pull.ts';
import { dockerMessage } from './transport.ts';

describe('API version negotiation', () => {
  it('uses the lower of ours and the engine’s', () => {
    expect(negotiateApiVersion('1.41')).toBe('1.41');
    expect(negotiateApiVersion('9.99')).toBe(MAX_API_VERSION);
    expect(negotiateApiVersion('1.45', '1.44')).toBe('1.44');
    expect(negotiateApiVersion(undefined)).toBeNull();
    expect(negotiateApiVersion('garbage')).toBeNull();
  });
  it('compares numerically, not as text', () => {
    expect(compareApiVersions('1.9', '1.41')).toBe(-1);
    expect(compareApiVersions('1.41', '1.41')).toBe(0);
  });
});

describe('endpoints', () => {
  it('accepts socket paths, unix:// URLs and tcp hosts', () => {
    expect(resolveEndpoint({ host: '/run/docker.sock' })).toEqual({
      kind: 'unix',
      socketPath: '/run/docker.sock',
      url: 'unix:///run/docker.sock',
    });
    expect(resolveEndpoint({ host: 'unix:///tmp/d.sock' })).toMatchObject({ kind: 'unix', socketPath: '/tmp/d.sock' });
    expect(resolveEndpoint({ host: 'tcp://127.0.0.1' })).toMatchObject({
      kind: 'tcp',
      origin: 'http://127.0.0.1:2375',
      tls: null,
    });
    expect(resolveEndpoint({ host: 'tcp://127.0.0.1:2376', tlsCa: '/ca.pem' })).toMatchObject({
      origin: 'https://127.0.0.1:2376',
      tls: { ca: '/ca.pem' },
    });
  });
  it('rejects schemes it cannot speak', () => {
    expect(() => resolveEndpoint({ host: 'npipe:////./pipe/docker_engine' })).toThrow(/unsupported docker host/);
    expect(() => resolveEndpoint({ host: 'unix://relative.sock' })).toThrow(/absolute/);
  });
  it('defaults like the docker CLI', () => {
    expect(defaultDockerOptions({})).toEqual({ host: 'unix:///var/run/docker.sock' });
    expect(
      defaultDockerOptions({
        DOCKER_HOST: 'tcp://h:2376',
        DOCKER_TLS_VERIFY: '1',
        DOCKER_CERT_PATH: '/c',
        DOCKER_API_VERSION: '1.41',
      }),
    ).toEqual({
      host: 'tcp://h:2376',
      tlsCa: '/c/ca.pem',
      tlsCert: '/c/cert.pem',
      tlsKey: '/c/key.pem',
      apiVersion: '1.41',
    });
    expect(describeDockerEndpoint({ host: '/x.sock' })).toBe('unix:///x.sock');
  });
});

describe('list filters', () => {
  it('translates icr filters into docker filters', () => {
    expect(
      dockerListFilters({
        status: ['running', 'exited'],
        name: 'web.1',
        id: 'abc',
        labels: { app: 'web', canary: null },
        image: 'busybox',
      }),
    ).toEqual({
      status: ['running', 'restarting', 'exited', 'dead'],
      name: ['^/web\\.1$'],
      id: ['abc'],
      label: ['app=web', 'canary'],
      ancestor: ['busybox'],
    });
    expect(dockerListFilters(undefined)).toEqual({});
  });
});

describe('image references', () => {
  it.each([
    ['busybox', { fromImage: 'busybox', tag: 'latest' }],
    ['busybox:1.36', { fromImage: 'busybox', tag: '1.36' }],
    ['127.0.0.1:5055/icr/busybox', { fromImage: '127.0.0.1:5055/icr/busybox', tag: 'latest' }],
    ['127.0.0.1:5055/icr/busybox:v1', { fromImage: '127.0.0.1:5055/icr/busybox', tag: 'v1' }],
    ['r:5000/a@sha256:abc', { fromImage: 'r:5000/a', tag: 'sha256:abc' }],
    ['r:5000/a:t@sha256:abc', { fromImage: 'r:5000/a', tag: 'sha256:abc' }],
  ])('%s', (ref, expected) => {
    expect(splitImageRef(ref)).toEqual(expected);
  });
  it('keeps slashes and colons in paths but escapes the rest', () => {
    expect(refPath('127.0.0.1:5055/icr/busybox:latest')).toBe('127.0.0.1:5055/icr/busybox:latest');
    expect(refPath('a b?')).toBe('a%20b%3F');
  });
});

describe('logs parameters', () => {
  it('splits the timestamp from the line', () => {
    const entry = parseLogLine('stderr', '2026-11-26T07:50:11.265112233Z hello world ');
    expect(entry.line).toBe('hello world ');
    expect(entry.timestamp?.toISOString()).toBe('2026-11-26T07:50:11.265Z');
    expect(parseLogLine('stdout', 'no timestamp')).toEqual({ stream: 'stdout', line: 'no timestamp', timestamp: null });
    expect(parseLogLine('stdout', '2026-11-26T07:50:11Z ').line).toBe('');
  });
  it('formats since as seconds.nanoseconds', () => {
    expect(sinceParam(new Date(1_700_000_000_123))).toBe('1700000000.123000000');
    expect(sinceParam(undefined)).toBeUndefined();
  });
});

describe('create body', () => {
  it('keeps containers off the network unless asked', () => {
    const body = createBody({ image: 'i', env: { A: '1' }, command: ['sh'], autoRemove: true }) as {
      Env: string[];
      HostConfig: Record<string, unknown>;
    };
    expect(body.Env).toEqual(['A=1']);
    expect(body.HostConfig.NetworkMode).toBe('none');
    expect(body.HostConfig.AutoRemove).toBe(true);
    expect((createBody({ image: 'i', network: 'host' }).HostConfig as Record<string, unknown>).NetworkMode).toBe(
      'host',
    );
  });
});

describe('errors', () => {
  const context = { runtime: 'dock', endpoint: 'unix:///x.sock' };
  it('maps HTTP statuses to codes and keeps docker’s message', () => {
    const missing = errorFromStatus(404, 'No such container: web', context);
    expect(missing.code).toBe('not-found');
    expect(missing.message).toBe('no such container: web');
    expect(missing.runtime).toBe('dock');
    expect(errorFromStatus(409, 'Container x is not running', context).code).toBe('conflict');
    expect(errorFromStatus(400, 'bad', context).code).toBe('invalid-argument');
    expect(errorFromStatus(500, 'oops', context).code).toBe('runtime-error');
    expect(errorFromStatus(404, '', { ...context, subject: { kind: 'image', ref: 'i' } }).message).toBe(
      'no such image: i',
    );
  });
  it('maps socket failures to unreachable naming the endpoint', () => {
    const error = errorFromTransport(Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' }), context);
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('unix:///x.sock');
    expect(error.hint).toMatch(/dockerd running/);
    expect(errorFromTransport(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), context).code).toBe(
      'unreachable',
    );
    expect(errorFromTransport(Object.assign(new Error('x'), { code: 'EACCES' }), context).hint).toMatch(/permissions/);
    const aborted = new AbortController();
    aborted.abort();
    expect(errorFromTransport(new Error('x'), context, aborted.signal).code).toBe('cancelled');
  });
  it('classifies errors inside a pull stream', () => {
    expect(errorFromStreamMessage('manifest for r/x:1 not found: manifest unknown', context).code).toBe('not-found');
    expect(errorFromStreamMessage('pull access denied for x', context).code).toBe('not-found');
    expect(errorFromStreamMessage('Get "http://r/v2/": dial tcp: connection refused', context).code).toBe(
      'runtime-error',
    );
  });
  it('reads docker’s JSON error body, or plain text', () => {
    expect(dockerMessage('{"message":"No such image: x"}')).toBe('No such image: x');
    expect(dockerMessage('page not found\n')).toBe('page not found');
  });
});

describe('pull progress', () => {
  it('parses newline-delimited JSON split anywhere', async () => {
    const text =
      '{"status":"Pulling fs layer","id":"a1"}\n{"status":"Downloading","id":"a1","progressDetail":{"current":5,"total":10}}\n';
    async function* pieces() {
      for (let i = 0; i < text.length; i += 7) yield Buffer.from(text.slice(i, i + 7));
    }
    const events = [];
    for await (const message of jsonLines(pieces())) events.push(progressFromMessage(message as object));
    expect(events).toEqual([
      { id: 'a1', status: 'Pulling fs layer', current: null, total: null },
      { id: 'a1', status: 'Downloading', current: 5, total: 10 },
    ]);
  });
});
