import { readFileSync } from 'node:fs';
import { cancelled, invalidArgument, runtimeError, unreachable, unsupported } from '@icr/core';
import { type Dispatcher, Pool } from 'undici';
import { compareApiVersions, isApiVersion, MIN_API_VERSION, negotiateApiVersion } from './api-version.ts';
import { type ErrorContext, type ErrorSubject, errorFromStatus, errorFromTransport } from './errors.ts';
import type { DockerEndpoint } from './options.ts';

/** A daemon that accepts the connection but never answers `/_ping` is as good as unreachable. */
const PING_TIMEOUT_MS = 30_000;

type Query = Record<string, string | number | boolean | undefined | null>;

export interface DockerRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'HEAD';
  /** Path below the version prefix, e.g. `/containers/json`. */
  path: string;
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** Named in not-found/conflict messages. */
  subject?: ErrorSubject | undefined;
  /** Waits, follows and hijacked streams may legitimately stay silent for a long time. */
  longLived?: boolean;
}

export type DockerBody = Dispatcher.ResponseData['body'];

export interface DockerResponse {
  statusCode: number;
  headers: Dispatcher.ResponseData['headers'];
  body: DockerBody;
}

export interface TransportOptions {
  runtime: string;
  /** Skip negotiation and use this version. */
  apiVersion?: string | undefined;
}

/**
 * One keep-alive connection pool to the engine, with the API version
 * negotiated once (lazily, so connecting stays cheap) and every failure
 * mapped to an IcrError naming the runtime and endpoint.
 */
export class DockerTransport {
  readonly endpoint: DockerEndpoint;
  readonly runtime: string;
  private readonly pool: Pool;
  private readonly pinnedVersion: string | undefined;
  private versionPromise: Promise<string | null> | undefined;
  private closed = false;

  constructor(endpoint: DockerEndpoint, options: TransportOptions) {
    this.endpoint = endpoint;
    this.runtime = options.runtime;
    if (options.apiVersion !== undefined && !isApiVersion(options.apiVersion)) {
      throw invalidArgument(`apiVersion must look like "1.41", not "${options.apiVersion}"`, { runtime: this.runtime });
    }
    this.pinnedVersion = options.apiVersion;
    const common = { connections: 32, keepAliveTimeout: 10_000, pipelining: 1 };
    if (endpoint.kind === 'unix') {
      // The origin is only used for the Host header; the socket path decides where we go.
      this.pool = new Pool('http://docker', { ...common, socketPath: endpoint.socketPath });
    } else {
      const tls = endpoint.tls;
      this.pool = new Pool(endpoint.origin, {
        ...common,
        ...(tls
          ? {
              connect: {
                ca: readTlsFile(tls.ca, 'tlsCa', this.runtime),
                cert: readTlsFile(tls.cert, 'tlsCert', this.runtime),
                key: readTlsFile(tls.key, 'tlsKey', this.runtime),
              },
            }
          : {}),
      });
    }
  }

  errorContext(subject?: ErrorSubject): ErrorContext {
    return { runtime: this.runtime, endpoint: this.endpoint.url, subject };
  }

  /** The negotiated API version (null: the engine sent none, so paths go unversioned). */
  apiVersion(signal?: AbortSignal): Promise<string | null> {
    if (this.pinnedVersion) return Promise.resolve(this.pinnedVersion);
    if (!this.versionPromise) {
      // Shared by concurrent first calls, so it must not carry any one caller's signal.
      this.versionPromise = this.negotiate();
      // A failed ping (daemon not up yet) must not poison later calls.
      this.versionPromise.catch(() => {
        this.versionPromise = undefined;
      });
    }
    return abortable(this.versionPromise, signal, this.runtime);
  }

  private async negotiate(): Promise<string | null> {
    const limit = AbortSignal.timeout(PING_TIMEOUT_MS);
    let response: DockerResponse;
    try {
      response = await this.raw({ method: 'GET', path: '/_ping', signal: limit }, null);
      await response.body.dump();
    } catch (error) {
      if (!limit.aborted) throw error;
      throw unreachable(this.endpoint.url, {
        runtime: this.runtime,
        detail: `no answer to /_ping within ${PING_TIMEOUT_MS / 1000} s`,
        hint: `something accepts connections on ${this.endpoint.url} but does not answer like a Docker engine`,
      });
    }
    const header = response.headers['api-version'];
    const server = Array.isArray(header) ? header[0] : header;
    const version = negotiateApiVersion(server);
    if (version && compareApiVersions(version, MIN_API_VERSION) < 0) {
      throw unsupported(
        `the engine at ${this.endpoint.url} speaks Docker API ${version}; icr needs ${MIN_API_VERSION} or newer`,
        {
          runtime: this.runtime,
        },
      );
    }
    return version;
  }

  /** Sends a request; non-2xx answers (except 304 "already so") become typed errors. */
  async request(request: DockerRequest): Promise<DockerResponse> {
    const version = await this.apiVersion(request.signal);
    return this.raw(request, version);
  }

  async json<T>(request: DockerRequest): Promise<T> {
    const response = await this.request(request);
    try {
      return (await response.body.json()) as T;
    } catch (error) {
      throw errorFromTransport(error, this.errorContext(request.subject), request.signal);
    }
  }

  /** For calls whose answer carries nothing we need. */
  async send(request: DockerRequest): Promise<void> {
    const response = await this.request(request);
    await this.drain(response.body, request);
  }

  async drain(body: DockerBody, request: Pick<DockerRequest, 'signal' | 'subject'>): Promise<void> {
    try {
      await body.dump({ limit: Number.MAX_SAFE_INTEGER });
    } catch (error) {
      throw errorFromTransport(error, this.errorContext(request.subject), request.signal);
    }
  }

  /** Iterates a streamed body, turning a dropped connection into `unreachable` and an abort into `cancelled`. */
  async *chunks(body: DockerBody, request: Pick<DockerRequest, 'signal' | 'subject'>): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of body) yield chunk as Buffer;
    } catch (error) {
      throw errorFromTransport(error, this.errorContext(request.subject), request.signal);
    } finally {
      // Leaving early (consumer broke out) must release the connection.
      if (!body.destroyed) body.destroy();
    }
  }

  private async raw(request: DockerRequest, version: string | null): Promise<DockerResponse> {
    const context = this.errorContext(request.subject);
    if (this.closed) throw runtimeError('this docker handle is closed', { runtime: this.runtime });
    const prefix = version && request.path !== '/_ping' ? `/v${version}` : '';
    const hasBody = request.body !== undefined;
    let response: Dispatcher.ResponseData;
    try {
      response = await this.pool.request({
        method: request.method,
        path: `${prefix}${request.path}${queryString(request.query)}`,
        headers: hasBody ? { 'content-type': 'application/json' } : {},
        body: hasBody ? JSON.stringify(request.body) : null,
        signal: request.signal ?? null,
        ...(request.longLived ? { headersTimeout: 0, bodyTimeout: 0 } : {}),
      });
    } catch (error) {
      throw errorFromTransport(error, context, request.signal);
    }
    if (response.statusCode >= 400) {
      let text = '';
      try {
        text = await response.body.text();
      } catch (error) {
        throw errorFromTransport(error, context, request.signal);
      }
      throw errorFromStatus(response.statusCode, dockerMessage(text), context);
    }
    return response;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // destroy, not close: a following log stream would otherwise keep close() waiting forever.
    await this.pool.destroy();
  }
}

function readTlsFile(path: string | undefined, option: string, runtime: string): Buffer | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    throw invalidArgument(`cannot read the ${option} file ${path}: ${(error as Error).message}`, {
      runtime,
      cause: error,
    });
  }
}

/** Lets one caller give up on a shared promise without cancelling it for the others. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, runtime: string): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(cancelled(runtime));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled(runtime));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    params.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Engine errors are `{"message": "..."}`; proxies and odd engines may send plain text. */
export function dockerMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed?.message === 'string') return parsed.message;
  } catch {
    // not JSON
  }
  return text.trim();
}
