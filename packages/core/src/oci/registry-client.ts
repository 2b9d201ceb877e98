import { createHash } from 'node:crypto';
import { cancelled, IcrError, notFound, runtimeError, unreachable } from '../errors.ts';
import { basicAuthorization, parseChallenge } from './auth.ts';
import { type ImageReference, parseImageReference } from './reference.ts';
import {
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  INDEX_MEDIA_TYPES,
  MANIFEST_MEDIA_TYPES,
  MEDIA_TYPES,
  type OciImageConfig,
  type Platform,
} from './types.ts';

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface RegistryClientOptions {
  /** Registries ("host:port" or "host") reached over plain http. Loopback hosts always are. */
  insecure?: string[] | undefined;
  /** Credentials by registry ("docker.io", "127.0.0.1:5055"). */
  auth?: Record<string, RegistryCredentials> | undefined;
  /** Runtime instance name, for error messages. */
  runtime?: string | undefined;
  /** Defaults to the global fetch (undici in Node). */
  fetch?: typeof fetch | undefined;
}

export interface ResolveOptions {
  signal?: AbortSignal | undefined;
  /** Platform picked from an index; default linux and the host's architecture. */
  platform?: { os: string; architecture: string; variant?: string } | undefined;
}

export interface ResolvedImage {
  reference: ImageReference;
  manifestDigest: string;
  manifestMediaType: string;
  manifestBytes: Uint8Array;
  manifest: ImageManifest;
  /** Set when the reference named an index (multi-platform image). */
  indexDigest?: string;
  indexBytes?: Uint8Array;
  configBytes: Uint8Array;
  config: OciImageConfig;
}

const MANIFEST_ACCEPT = [...INDEX_MEDIA_TYPES, ...MANIFEST_MEDIA_TYPES].join(', ');
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** GOARCH names, which OCI platforms use. */
export function hostPlatform(): { os: string; architecture: string } {
  const arch: Record<string, string> = {
    x64: 'amd64',
    arm64: 'arm64',
    arm: 'arm',
    ia32: '386',
    s390x: 's390x',
    ppc64: 'ppc64le',
  };
  return { os: 'linux', architecture: arch[process.arch] ?? process.arch };
}

export function digestOf(bytes: Uint8Array, algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/**
 * A client for the OCI distribution API (pull side): resolves references to
 * manifests and configs and streams verified blobs. Authentication: anonymous,
 * Basic, and Bearer tokens from the registry's WWW-Authenticate challenge.
 */
export class RegistryClient {
  readonly #insecure: Set<string>;
  readonly #auth: Record<string, RegistryCredentials>;
  readonly #runtime: string | undefined;
  readonly #fetch: typeof fetch;
  /** Authorization header values by "registry/repository". */
  readonly #authorizations = new Map<string, string>();

  constructor(options: RegistryClientOptions = {}) {
    this.#insecure = new Set(options.insecure ?? []);
    this.#auth = options.auth ?? {};
    this.#runtime = options.runtime;
    this.#fetch = options.fetch ?? fetch;
  }

  async resolve(ref: string | ImageReference, options: ResolveOptions = {}): Promise<ResolvedImage> {
    const reference = typeof ref === 'string' ? parseImageReference(ref) : ref;
    const { signal } = options;
    const wanted = options.platform ?? hostPlatform();
    const top = await this.#fetchManifest(reference, reference.digest ?? reference.tag ?? 'latest', signal);
    if (reference.digest !== null) this.#verify(top.bytes, reference.digest, `manifest of ${reference.canonical}`);

    let manifestDigest = top.digest;
    let manifestBytes = top.bytes;
    let mediaType = top.mediaType;
    let indexDigest: string | undefined;
    let indexBytes: Uint8Array | undefined;
    if (INDEX_MEDIA_TYPES.includes(mediaType)) {
      indexDigest = top.digest;
      indexBytes = top.bytes;
      const index = parseJson<ImageIndex>(top.bytes, `index of ${reference.canonical}`, this.#runtime);
      const chosen = pickPlatform(index.manifests ?? [], wanted);
      if (!chosen) {
        const available = (index.manifests ?? [])
          .map((m) => (m.platform ? `${m.platform.os}/${m.platform.architecture}` : '?'))
          .join(', ');
        throw notFound(
          `image ${reference.canonical} has no manifest for ${wanted.os}/${wanted.architecture} (it has: ${available || 'none'})`,
          { runtime: this.#runtime },
        );
      }
      const child = await this.#fetchManifest(reference, chosen.digest, signal);
      this.#verify(child.bytes, chosen.digest, `manifest ${chosen.digest} of ${reference.canonical}`);
      manifestDigest = chosen.digest;
      manifestBytes = child.bytes;
      mediaType = child.mediaType;
    }
    const manifest = parseJson<ImageManifest>(manifestBytes, `manifest of ${reference.canonical}`, this.#runtime);
    if (!MANIFEST_MEDIA_TYPES.includes(mediaType)) {
      throw runtimeError(
        `image ${reference.canonical} uses manifest type "${mediaType}", which icr cannot pull (only OCI and Docker schema 2)`,
        { runtime: this.#runtime },
      );
    }
    if (!manifest.config || !Array.isArray(manifest.layers)) {
      throw runtimeError(`manifest of ${reference.canonical} has no config or layers`, { runtime: this.#runtime });
    }
    const configBytes = await this.fetchBlobBytes(reference, manifest.config, { signal });
    const config = parseJson<OciImageConfig>(configBytes, `config of ${reference.canonical}`, this.#runtime);
    const resolved: ResolvedImage = {
      reference,
      manifestDigest,
      manifestMediaType: mediaType,
      manifestBytes,
      manifest,
      configBytes,
      config,
    };
    if (indexDigest !== undefined && indexBytes !== undefined) {
      resolved.indexDigest = indexDigest;
      resolved.indexBytes = indexBytes;
    }
    return resolved;
  }

  /** Streams a blob; the stream errors at its end if the digest or size do not match the descriptor. */
  async fetchBlob(
    reference: ImageReference,
    descriptor: Descriptor,
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<ReadableStream<Uint8Array>> {
    const response = await this.#request(reference, `blobs/${descriptor.digest}`, { signal: options.signal });
    if (response.status === 404) {
      await response.body?.cancel();
      throw notFound(
        `blob ${descriptor.digest} of ${reference.canonical} not found in registry ${reference.registry}`,
        {
          runtime: this.#runtime,
        },
      );
    }
    await this.#expectOk(response, reference, `blob ${descriptor.digest}`);
    if (!response.body)
      throw runtimeError(`registry sent no body for blob ${descriptor.digest}`, { runtime: this.#runtime });
    const [algorithm, expectedHex] = splitDigest(descriptor.digest, this.#runtime);
    const hash = createHash(algorithm);
    let size = 0;
    const runtime = this.#runtime;
    const verifier = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        hash.update(chunk);
        size += chunk.byteLength;
        controller.enqueue(chunk);
      },
      flush(controller) {
        const actual = hash.digest('hex');
        if (actual !== expectedHex || size !== descriptor.size) {
          controller.error(
            runtimeError(
              `blob ${descriptor.digest} failed verification: got ${algorithm}:${actual} (${size} bytes, expected ${descriptor.size})`,
              { runtime },
            ),
          );
        }
      },
    });
    return response.body.pipeThrough(verifier);
  }

  /** A small blob (config) read whole and verified. */
  async fetchBlobBytes(
    reference: ImageReference,
    descriptor: Descriptor,
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<Uint8Array> {
    const stream = await this.fetchBlob(reference, descriptor, options);
    const chunks: Uint8Array[] = [];
    try {
      for await (const chunk of stream) chunks.push(chunk);
    } catch (error) {
      throw this.#translate(error, reference, options.signal);
    }
    return Buffer.concat(chunks);
  }

  async #fetchManifest(
    reference: ImageReference,
    tagOrDigest: string,
    signal: AbortSignal | undefined,
  ): Promise<{ bytes: Uint8Array; mediaType: string; digest: string }> {
    const response = await this.#request(reference, `manifests/${tagOrDigest}`, {
      signal,
      accept: MANIFEST_ACCEPT,
    });
    if (response.status === 404) {
      await response.body?.cancel();
      throw notFound(`image ${reference.canonical} not found in registry ${reference.registry}`, {
        runtime: this.#runtime,
        hint: `check the repository and tag; push it first if it is yours`,
      });
    }
    await this.#expectOk(response, reference, `manifest ${tagOrDigest}`);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw this.#translate(error, reference, signal);
    }
    if (bytes.byteLength > MAX_MANIFEST_BYTES) {
      throw runtimeError(`manifest of ${reference.canonical} is larger than 4 MiB`, { runtime: this.#runtime });
    }
    const headerType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const parsed = parseJson<{ mediaType?: string; manifests?: unknown }>(
      bytes,
      `manifest of ${reference.canonical}`,
      this.#runtime,
    );
    // Some registries send application/json; the body's own mediaType (or its shape) is the truth then.
    const mediaType =
      parsed.mediaType ??
      (headerType && headerType !== 'application/json' && headerType !== 'text/plain'
        ? headerType
        : parsed.manifests
          ? MEDIA_TYPES.ociIndex
          : MEDIA_TYPES.ociManifest);
    // Our own digest of the bytes, never the header's claim.
    return { bytes, mediaType, digest: digestOf(bytes) };
  }

  async #request(
    reference: ImageReference,
    path: string,
    options: { signal?: AbortSignal | undefined; accept?: string },
  ): Promise<Response> {
    const url = `${this.#scheme(reference.registry)}://${reference.registry}/v2/${reference.repository}/${path}`;
    const key = `${reference.registry}/${reference.repository}`;
    const send = async () => {
      const headers: Record<string, string> = {};
      if (options.accept) headers.accept = options.accept;
      const authorization = this.#authorizations.get(key);
      if (authorization) headers.authorization = authorization;
      try {
        return await this.#fetch(url, { headers, signal: options.signal ?? null, redirect: 'follow' });
      } catch (error) {
        throw this.#translate(error, reference, options.signal);
      }
    };
    let response = await send();
    // Also when we sent credentials: a cached bearer token may have expired.
    if (response.status === 401) {
      const challenge = parseChallenge(response.headers.get('www-authenticate') ?? '');
      await response.body?.cancel();
      if (challenge) {
        this.#authorizations.set(key, await this.#authorize(reference, challenge, options.signal));
        response = await send();
      }
    }
    return response;
  }

  async #authorize(
    reference: ImageReference,
    challenge: { scheme: string; params: Record<string, string> },
    signal: AbortSignal | undefined,
  ): Promise<string> {
    const credentials = this.#auth[reference.domain] ?? this.#auth[reference.registry];
    if (challenge.scheme === 'basic') {
      if (!credentials) throw this.#unauthorized(reference);
      return basicAuthorization(credentials.username, credentials.password);
    }
    if (challenge.scheme !== 'bearer' || !challenge.params.realm) {
      throw runtimeError(`registry ${reference.registry} asks for unsupported authentication "${challenge.scheme}"`, {
        runtime: this.#runtime,
      });
    }
    const tokenUrl = new URL(challenge.params.realm);
    if (challenge.params.service) tokenUrl.searchParams.set('service', challenge.params.service);
    tokenUrl.searchParams.set('scope', challenge.params.scope ?? `repository:${reference.repository}:pull`);
    const headers: Record<string, string> = {};
    if (credentials) headers.authorization = basicAuthorization(credentials.username, credentials.password);
    let response: Response;
    try {
      response = await this.#fetch(tokenUrl, { headers, signal: signal ?? null });
    } catch (error) {
      throw this.#translate(error, reference, signal, tokenUrl.host);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw this.#unauthorized(reference, `token service answered ${response.status}`);
    }
    const body = (await response.json().catch(() => ({}))) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw this.#unauthorized(reference, 'token service sent no token');
    return `Bearer ${token}`;
  }

  async #expectOk(response: Response, reference: ImageReference, what: string): Promise<void> {
    if (response.ok) return;
    const text = await response.text().catch(() => '');
    if (response.status === 401 || response.status === 403) throw this.#unauthorized(reference, registryMessage(text));
    throw runtimeError(
      `registry ${reference.registry} answered ${response.status} for ${what} of ${reference.canonical}${
        registryMessage(text) ? `: ${registryMessage(text)}` : ''
      }`,
      { runtime: this.#runtime },
    );
  }

  #unauthorized(reference: ImageReference, detail?: string): IcrError {
    return runtimeError(
      `registry ${reference.registry} refused access to ${reference.canonical}${detail ? ` (${detail})` : ''}`,
      { runtime: this.#runtime, hint: `configure credentials for ${reference.domain}, or check the image name` },
    );
  }

  #scheme(registry: string): 'http' | 'https' {
    const host = registry.replace(/:\d+$/, '');
    return LOOPBACK_HOSTS.has(host) || this.#insecure.has(registry) || this.#insecure.has(host) ? 'http' : 'https';
  }

  #translate(error: unknown, reference: ImageReference, signal: AbortSignal | undefined, host?: string): unknown {
    if (error instanceof IcrError) return error;
    if (signal?.aborted || (error as Error)?.name === 'AbortError') return cancelled(this.#runtime);
    const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
    const endpoint = host ?? reference.registry;
    return unreachable(`registry ${endpoint} (${this.#scheme(reference.registry)}://${endpoint})`, {
      runtime: this.#runtime,
      detail,
      hint:
        this.#scheme(reference.registry) === 'https'
          ? `check that the registry is running; if it speaks plain http, list "${reference.registry}" in insecureRegistries`
          : 'check that the registry is running and listening there',
      cause: error,
    });
  }

  #verify(bytes: Uint8Array, expected: string, what: string): void {
    const [algorithm] = splitDigest(expected, this.#runtime);
    const actual = digestOf(bytes, algorithm);
    if (actual !== expected) {
      throw runtimeError(`${what} does not match its digest (expected ${expected}, got ${actual})`, {
        runtime: this.#runtime,
      });
    }
  }
}

function pickPlatform(manifests: Descriptor[], wanted: ResolveOptions['platform'] & object): Descriptor | undefined {
  const candidates = manifests.filter(
    (m) =>
      MANIFEST_MEDIA_TYPES.includes(m.mediaType) &&
      m.platform?.os === wanted.os &&
      m.platform?.architecture === wanted.architecture,
  );
  if (wanted.variant) return candidates.find((m) => m.platform?.variant === wanted.variant) ?? candidates[0];
  return candidates[0];
}

function splitDigest(digest: string, runtime: string | undefined): [string, string] {
  const match = /^(sha256|sha512):([0-9a-f]+)$/.exec(digest);
  if (!match) throw runtimeError(`unsupported digest "${digest}"`, { runtime });
  return [match[1]!, match[2]!];
}

function parseJson<T>(bytes: Uint8Array, what: string, runtime: string | undefined): T {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
  } catch {
    throw runtimeError(`${what} is not valid JSON`, { runtime });
  }
}

function registryMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { errors?: Array<{ code?: string; message?: string }> };
    return (body.errors ?? []).map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
  } catch {
    return text.slice(0, 200).trim();
  }
}

export type { Platform };
