import { invalidArgument } from '../errors.ts';

/**
 * An image reference split the way the distribution spec needs it. Parsing
 * follows docker's reference grammar (distribution/reference), including the
 * docker.io defaults: "busybox" means docker.io/library/busybox:latest.
 */
export interface ImageReference {
  /** Host (and port) to talk to: "127.0.0.1:5055", "registry-1.docker.io". */
  registry: string;
  /** The registry as users write it: "docker.io" for Docker Hub, otherwise the same as `registry`. */
  domain: string;
  /** Repository path inside the registry: "library/busybox". */
  repository: string;
  tag: string | null;
  digest: string | null;
  /** "domain/repository" without tag or digest: "docker.io/library/busybox". */
  name: string;
  /** Normalized "domain/repo:tag", "domain/repo@digest" or "domain/repo:tag@digest". */
  canonical: string;
}

export const DOCKER_HUB_DOMAIN = 'docker.io';
export const DOCKER_HUB_REGISTRY = 'registry-1.docker.io';

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const DOMAIN =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::[0-9]+)?$/;

export function parseImageReference(ref: string): ImageReference {
  const bad = (why: string) =>
    invalidArgument(`invalid image reference "${ref}": ${why}`, {
      hint: 'write it as [registry/]repository[:tag][@digest], e.g. 127.0.0.1:5055/icr/busybox:latest',
    });
  if (typeof ref !== 'string' || ref.length === 0) throw bad('it is empty');
  if (ref.length > 4096 || /\s/.test(ref)) throw bad('it contains whitespace or is too long');

  let rest = ref;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw bad(`"${digest}" is not a digest`);
    if (digest.startsWith('sha256:') && !/^sha256:[0-9a-f]{64}$/.test(digest)) {
      throw bad('a sha256 digest has 64 lower-case hex digits');
    }
  }

  let tag: string | null = null;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad(`"${tag}" is not a valid tag`);
  }
  if (rest.length === 0) throw bad('the repository name is missing');

  let domain = DOCKER_HUB_DOMAIN;
  let path = rest;
  const firstSlash = rest.indexOf('/');
  if (firstSlash >= 0) {
    const first = rest.slice(0, firstSlash);
    // Like docker: the first component is a registry only if it looks like a host.
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      if (!DOMAIN.test(first)) throw bad(`"${first}" is not a valid registry host`);
      domain = first;
      path = rest.slice(firstSlash + 1);
    }
  }
  if (domain === 'index.docker.io' || domain === DOCKER_HUB_REGISTRY) domain = DOCKER_HUB_DOMAIN;
  if (domain === DOCKER_HUB_DOMAIN && !path.includes('/')) path = `library/${path}`;
  for (const component of path.split('/')) {
    if (!PATH_COMPONENT.test(component)) {
      throw bad(`"${component}" is not a valid repository component (lower-case letters, digits and . _ -)`);
    }
  }
  if (path.length > 255) throw bad('the repository name is longer than 255 characters');

  if (tag === null && digest === null) tag = 'latest';
  const name = `${domain}/${path}`;
  const canonical = `${name}${tag !== null ? `:${tag}` : ''}${digest !== null ? `@${digest}` : ''}`;
  return {
    registry: domain === DOCKER_HUB_DOMAIN ? DOCKER_HUB_REGISTRY : domain,
    domain,
    repository: path,
    tag,
    digest,
    name,
    canonical,
  };
}

/** The short form users expect to see: docker.io/library/busybox:latest → busybox:latest. */
export function familiarName(reference: ImageReference): string {
  const suffix = `${reference.tag !== null ? `:${reference.tag}` : ''}${reference.digest !== null ? `@${reference.digest}` : ''}`;
  if (reference.domain === DOCKER_HUB_DOMAIN) {
    const repo = reference.repository.startsWith('library/')
      ? reference.repository.slice('library/'.length)
      : reference.repository;
    return `${repo}${suffix}`;
  }
  return `${reference.name}${suffix}`;
}
