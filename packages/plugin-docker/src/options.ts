import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { invalidArgument } from '@icr/core';

/** What a user can put under `plugins.docker.options` (or a runtime entry) in the icr config. */
export interface DockerPluginOptions {
  /** `unix:///path`, a bare socket path, `tcp://host:port`, `http(s)://host:port`. */
  host?: string;
  /** PEM file paths for a TLS-protected tcp host (like `docker --tlsverify`). */
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  /** Pin an API version ("1.41") instead of negotiating it from `/_ping`. */
  apiVersion?: string;
}

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

/** Where and how to connect, resolved from the options. */
export type DockerEndpoint =
  | { kind: 'unix'; socketPath: string; url: string }
  | { kind: 'tcp'; origin: string; url: string; tls: TlsFiles | null };

export interface TlsFiles {
  ca?: string | undefined;
  cert?: string | undefined;
  key?: string | undefined;
}

/** The options docker's own CLI would use: DOCKER_HOST, DOCKER_API_VERSION, DOCKER_CERT_PATH + DOCKER_TLS_VERIFY. */
export function defaultDockerOptions(env: NodeJS.ProcessEnv): DockerPluginOptions {
  const options: DockerPluginOptions = { host: env.DOCKER_HOST || DEFAULT_DOCKER_HOST };
  if (env.DOCKER_API_VERSION) options.apiVersion = env.DOCKER_API_VERSION;
  if (env.DOCKER_TLS_VERIFY && env.DOCKER_CERT_PATH) {
    options.tlsCa = join(env.DOCKER_CERT_PATH, 'ca.pem');
    options.tlsCert = join(env.DOCKER_CERT_PATH, 'cert.pem');
    options.tlsKey = join(env.DOCKER_CERT_PATH, 'key.pem');
  }
  return options;
}

export function resolveEndpoint(options: DockerPluginOptions, runtime?: string): DockerEndpoint {
  const host = (options.host ?? DEFAULT_DOCKER_HOST).trim();
  if (host.startsWith('/')) return { kind: 'unix', socketPath: host, url: `unix://${host}` };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(host)?.[1]?.toLowerCase();
  if (scheme === 'unix') {
    const socketPath = host.slice('unix://'.length);
    if (!socketPath.startsWith('/')) {
      throw invalidArgument(`docker host ${host} must name an absolute socket path`, { runtime });
    }
    return { kind: 'unix', socketPath, url: host };
  }
  if (scheme === 'tcp' || scheme === 'http' || scheme === 'https') {
    const hasTls = Boolean(options.tlsCa || options.tlsCert || options.tlsKey);
    const tls = hasTls || scheme === 'https' ? { ca: options.tlsCa, cert: options.tlsCert, key: options.tlsKey } : null;
    const hostPort = host.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
    if (!hostPort) throw invalidArgument(`docker host ${host} names no host`, { runtime });
    // Docker's convention: 2376 for TLS, 2375 for plain.
    const withPort = /:\d+$/.test(hostPort) ? hostPort : `${hostPort}:${tls ? 2376 : 2375}`;
    const origin = `${tls ? 'https' : 'http'}://${withPort}`;
    return { kind: 'tcp', origin, url: scheme === 'tcp' ? `tcp://${withPort}` : origin, tls };
  }
  throw invalidArgument(`unsupported docker host ${host}: use unix:///path/to/docker.sock or tcp://host:port`, {
    runtime,
  });
}

export function describeDockerEndpoint(options: DockerPluginOptions): string {
  try {
    return resolveEndpoint(options).url;
  } catch {
    return options.host ?? DEFAULT_DOCKER_HOST;
  }
}

/** Cheap local check: the socket file exists, or a remote host is configured (no network). */
export function detectDocker(options: DockerPluginOptions): boolean {
  try {
    const endpoint = resolveEndpoint(options);
    return endpoint.kind === 'tcp' || existsSync(endpoint.socketPath);
  } catch {
    return false;
  }
}
