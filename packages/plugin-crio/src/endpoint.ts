import { existsSync } from 'node:fs';

/** CRI-O's own default socket; named in messages when no CRI endpoint exists at all. */
export const CRIO_DEFAULT_ENDPOINT = 'unix:///var/run/crio/crio.sock';

/** Tried in this order when nothing is configured, as crictl does. */
export const DEFAULT_ENDPOINTS = [
  'unix:///run/containerd/containerd.sock',
  'unix:///run/crio/crio.sock',
  'unix:///var/run/cri-dockerd.sock',
] as const;

/**
 * The gRPC target for an endpoint as users write it: `unix:///path`,
 * a bare socket path, or `host:port` / `dns:` targets passed through.
 */
export function normalizeEndpoint(endpoint: string): string {
  const trimmed = endpoint.trim();
  if (trimmed.startsWith('/')) return `unix://${trimmed}`;
  // unix:/path (one slash) is accepted by crictl; grpc wants unix:///path or unix:/path, keep the canonical form.
  if (/^unix:\/[^/]/.test(trimmed)) return `unix://${trimmed.slice('unix:'.length)}`;
  return trimmed;
}

/** The socket file behind a unix endpoint, or null for network targets. */
export function socketPath(endpoint: string): string | null {
  const normalized = normalizeEndpoint(endpoint);
  return normalized.startsWith('unix://') ? normalized.slice('unix://'.length) : null;
}

export function endpointExists(endpoint: string): boolean {
  const path = socketPath(endpoint);
  // A TCP target cannot be checked without the network; assume it is there.
  return path === null ? true : existsSync(path);
}

/** First of the default endpoints whose socket exists, or null. */
export function firstExistingDefault(exists: (endpoint: string) => boolean = endpointExists): string | null {
  return DEFAULT_ENDPOINTS.find((endpoint) => exists(endpoint)) ?? null;
}

/**
 * The endpoint to use: the configured one, else CONTAINER_RUNTIME_ENDPOINT,
 * else the first default that exists, else CRI-O's default (so errors name it).
 */
export function resolveEndpoint(configured: string | undefined, env: NodeJS.ProcessEnv): string {
  const chosen = configured || env.CONTAINER_RUNTIME_ENDPOINT || firstExistingDefault() || CRIO_DEFAULT_ENDPOINT;
  return normalizeEndpoint(chosen);
}
