import { type ContainerRecord, type ContainerStatus, type OciSpec, securityFromOciSpec } from '@icr/core';
import { type Container, type Process, type TaskStatus, timestampToDate } from '../grpc/messages.ts';
import { NAME_LABEL } from '../labels.ts';

const STATUS: Record<TaskStatus, ContainerStatus> = {
  UNKNOWN: 'unknown',
  CREATED: 'created',
  RUNNING: 'running',
  STOPPED: 'exited',
  PAUSED: 'paused',
  PAUSING: 'paused',
};

/** The container's OCI spec; containerd stores it as JSON inside an Any. */
export function decodeSpec(container: Container): OciSpec | null {
  if (!container.spec?.value?.length) return null;
  try {
    return JSON.parse(container.spec.value.toString('utf8')) as OciSpec;
  } catch {
    return null;
  }
}

export function containerName(container: Container): string {
  return container.labels[NAME_LABEL] || container.id;
}

/**
 * A container joined with its task. No task means never started (or its
 * task was deleted), which ctr shows as a container without a task: `created`.
 */
export function toContainerRecord(container: Container, task: Process | undefined, runtime: string): ContainerRecord {
  const spec = decodeSpec(container);
  const status: ContainerStatus = task ? STATUS[task.status] : 'created';
  const live = status === 'running' || status === 'paused';
  return {
    kind: 'container',
    runtime,
    id: container.id,
    name: containerName(container),
    image: container.image,
    imageId: null,
    status,
    createdAt: timestampToDate(container.createdAt),
    startedAt: null,
    finishedAt: status === 'exited' ? timestampToDate(task?.exitedAt) : null,
    exitCode: status === 'exited' && task ? task.exitStatus : null,
    pid: live && task && task.pid > 0 ? task.pid : null,
    labels: { ...container.labels },
    command: spec?.process?.args ?? [],
    podId: null,
    security: spec ? securityFromOciSpec(spec) : null,
    raw: { container: { ...container, spec }, task: task ?? null },
  };
}
