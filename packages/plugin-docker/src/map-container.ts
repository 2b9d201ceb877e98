import type { ContainerRecord, ContainerStatus } from '@icr/core';
import type { DockerContainerInspect, DockerContainerSummary } from './docker-types.ts';
import { securityFromInspect } from './map-security.ts';

/** Docker's states onto icr's five: dead ones are exited, restarting ones are (about to be) running. */
export function mapDockerStatus(state: string | undefined): ContainerStatus {
  switch (state) {
    case 'created':
    case 'running':
    case 'paused':
    case 'exited':
      return state;
    case 'dead':
      return 'exited';
    case 'restarting':
      return 'running';
    default:
      return 'unknown';
  }
}

/** Docker writes "never" as Go's zero time, 0001-01-01T00:00:00Z. */
export function parseDockerTime(value: string | undefined | null): Date | null {
  if (!value || value.startsWith('0001-01-01')) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function stripLeadingSlash(name: string): string {
  return name.startsWith('/') ? name.slice(1) : name;
}

/**
 * `/containers/json` joins the command into one string; splitting on spaces is
 * the best that string allows (inspect gives the exact argv).
 */
function splitCommand(command: string | undefined): string[] {
  return command ? command.split(' ').filter((part) => part.length > 0) : [];
}

/** "Exited (137) 5 minutes ago" is the only place the list carries an exit code. */
function exitCodeFromStatusText(status: string | undefined): number | null {
  const match = /^Exited \((-?\d+)\)/.exec(status ?? '');
  return match?.[1] === undefined ? null : Number(match[1]);
}

/**
 * The primary name: linked containers also list "/other/alias" names, which
 * contain a second slash; the container's own name does not.
 */
function primaryName(names: readonly string[] | null | undefined): string {
  const all = names ?? [];
  const own = all.find((name) => stripLeadingSlash(name).indexOf('/') === -1) ?? all[0] ?? '';
  return stripLeadingSlash(own);
}

export function containerFromSummary(summary: DockerContainerSummary, runtime: string): ContainerRecord {
  const status = mapDockerStatus(summary.State);
  return {
    kind: 'container',
    runtime,
    id: summary.Id,
    name: primaryName(summary.Names),
    image: summary.Image ?? '',
    imageId: summary.ImageID || null,
    status,
    createdAt: typeof summary.Created === 'number' ? new Date(summary.Created * 1000) : null,
    startedAt: null,
    finishedAt: null,
    exitCode: status === 'exited' ? exitCodeFromStatusText(summary.Status) : null,
    pid: null,
    labels: { ...(summary.Labels ?? {}) },
    command: splitCommand(summary.Command),
    podId: null,
    security: null,
    raw: summary,
  };
}

export function containerFromInspect(container: DockerContainerInspect, runtime: string): ContainerRecord {
  const state = container.State ?? {};
  const status = mapDockerStatus(state.Status);
  const pid = state.Pid && state.Pid > 0 ? state.Pid : null;
  return {
    kind: 'container',
    runtime,
    id: container.Id,
    name: stripLeadingSlash(container.Name ?? ''),
    image: container.Config?.Image ?? container.Image ?? '',
    imageId: container.Image || null,
    status,
    createdAt: parseDockerTime(container.Created),
    startedAt: parseDockerTime(state.StartedAt),
    finishedAt: parseDockerTime(state.FinishedAt),
    // A created or running container has ExitCode 0, which means "no exit yet", not success.
    exitCode: status === 'exited' && typeof state.ExitCode === 'number' ? state.ExitCode : null,
    pid: status === 'running' || status === 'paused' ? pid : null,
    labels: { ...(container.Config?.Labels ?? {}) },
    command: [...(container.Path ? [container.Path] : []), ...(container.Args ?? [])],
    podId: null,
    security: securityFromInspect(container),
    raw: container,
  };
}
