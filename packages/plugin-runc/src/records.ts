import {
  type ContainerRecord,
  type ContainerStatus,
  type ImageRecord,
  type OciSpec,
  securityFromOciSpec,
} from '@icr/core';
import { familiarName, parseImageReference } from '@icr/core/oci';
import type { ContainerMeta, StartRecord } from './container-store.ts';
import type { StoredImage } from './image-store.ts';
import type { RuncState } from './runc-cli.ts';
import type { ExitRecord } from './supervisor.ts';

/** Everything known about one container, from the runtime and from our own files. */
export interface ContainerSnapshot {
  id: string;
  meta: ContainerMeta | null;
  state: RuncState | null;
  exit: ExitRecord | null;
  start: StartRecord | null;
  /** The container's process has started (runc wrote the pid file). */
  hasPid: boolean;
  /** The supervisor process is still alive. */
  supervising: boolean;
  spec: OciSpec | null;
}

/**
 * runc forgets a container once `run` returns, so the status comes from the
 * runtime while it knows the container and from our files afterwards.
 */
export function statusOf(snapshot: ContainerSnapshot): { status: ContainerStatus; exitCode: number | null } {
  const { state, exit, start } = snapshot;
  if (state) {
    switch (state.status) {
      case 'running':
        return { status: 'running', exitCode: null };
      case 'created':
        return { status: 'created', exitCode: null };
      case 'paused':
      case 'pausing':
        return { status: 'paused', exitCode: null };
      case 'stopped':
        // runc shows "stopped" for a moment before `run` returns; until the supervisor
        // has recorded the exit code the container counts as still running.
        if (!exit && start && snapshot.supervising) return { status: 'running', exitCode: null };
        return { status: 'exited', exitCode: exit?.exitCode ?? null };
      default:
        return { status: 'unknown', exitCode: null };
    }
  }
  if (exit) return { status: 'exited', exitCode: exit.exitCode };
  if (start) {
    // Between the runtime forgetting the container and the supervisor writing exit.json.
    if (snapshot.supervising) return { status: snapshot.hasPid ? 'running' : 'created', exitCode: null };
    return { status: 'exited', exitCode: null };
  }
  return { status: 'created', exitCode: null };
}

export function containerRecord(runtime: string, snapshot: ContainerSnapshot, withSecurity: boolean): ContainerRecord {
  const { id, meta, state, exit, start, spec } = snapshot;
  const { status, exitCode } = statusOf(snapshot);
  const createdAt = meta?.createdAt ?? state?.created ?? null;
  return {
    kind: 'container',
    runtime,
    id,
    name: meta?.name ?? id,
    image: meta?.image ?? '',
    imageId: meta?.imageId ?? null,
    status,
    createdAt: createdAt ? new Date(createdAt) : null,
    startedAt: start ? new Date(start.startedAt) : null,
    finishedAt: status === 'exited' && exit ? new Date(exit.finishedAt) : null,
    exitCode: status === 'exited' ? exitCode : null,
    pid: state && (status === 'running' || status === 'paused') && state.pid ? state.pid : null,
    labels: meta?.labels ?? state?.annotations ?? {},
    command: spec?.process?.args ?? [],
    podId: null,
    security: withSecurity && spec ? securityFromOciSpec(spec) : null,
    raw: { state, meta, exit, start, spec: withSecurity ? spec : undefined },
  };
}

export function imageRecord(runtime: string, image: StoredImage): ImageRecord {
  const repoTags: string[] = [];
  const digests: string[] = [];
  for (const ref of image.refs) {
    try {
      const reference = parseImageReference(ref);
      if (reference.tag !== null) repoTags.push(familiarName({ ...reference, digest: null }));
      const repo = familiarName({ ...reference, tag: null, digest: null });
      const digest = `${repo}@${image.manifestDigest}`;
      if (!digests.includes(digest)) digests.push(digest);
    } catch {
      repoTags.push(ref);
    }
  }
  const created = image.config.created ? new Date(image.config.created) : null;
  return {
    kind: 'image',
    runtime,
    id: image.id,
    repoTags,
    digests,
    size: image.size,
    createdAt: created && !Number.isNaN(created.getTime()) ? created : null,
    raw: { manifestDigest: image.manifestDigest, manifest: image.manifest, config: image.config, refs: image.refs },
  };
}
