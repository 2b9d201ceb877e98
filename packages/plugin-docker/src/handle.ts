import type {
  CallOptions,
  ContainerRecord,
  CreateContainerSpec,
  ExecOptions,
  ExecResult,
  ImageRecord,
  KillOptions,
  ListContainersOptions,
  LogEntry,
  LogsOptions,
  PullOptions,
  RemoveOptions,
  RuntimeHandle,
  RuntimeVersion,
  StopOptions,
  WaitOptions,
  WaitResult,
} from '@icr/core';
import { invalidArgument, unsupported } from '@icr/core';
import { createContainer } from './create.ts';
import type {
  DockerContainerInspect,
  DockerContainerSummary,
  DockerImageSummary,
  DockerVersion,
} from './docker-types.ts';
import { execInContainer } from './exec.ts';
import { dockerListFilters } from './list.ts';
import { containerLogs } from './logs.ts';
import { containerFromInspect, containerFromSummary } from './map-container.ts';
import { imageFromSummary } from './map-image.ts';
import { refPath } from './paths.ts';
import { pullImage } from './pull.ts';
import type { DockerTransport } from './transport.ts';
import { waitForContainer } from './wait.ts';

export const PLUGIN_NAME = 'docker';

/** One connected Docker Engine: each verb is one or a few Engine API calls. */
export class DockerHandle implements RuntimeHandle {
  private readonly transport: DockerTransport;
  private readonly runtime: string;

  constructor(transport: DockerTransport) {
    this.transport = transport;
    this.runtime = transport.runtime;
  }

  async version(options: CallOptions = {}): Promise<RuntimeVersion> {
    const apiVersion = await this.transport.apiVersion(options.signal);
    const version = await this.transport.json<DockerVersion>({
      method: 'GET',
      path: '/version',
      signal: options.signal,
    });
    const engine = version.Components?.find((component) => component.Name === 'Engine') ?? version.Components?.[0];
    // Docker calls its component "Engine"; other engines speaking the API name themselves ("Podman Engine").
    const product = !engine?.Name || engine.Name === 'Engine' ? 'Docker Engine' : engine.Name;
    return {
      kind: 'version',
      runtime: this.runtime,
      plugin: PLUGIN_NAME,
      product,
      version: version.Version ?? engine?.Version ?? 'unknown',
      apiVersion: apiVersion ?? version.ApiVersion ?? null,
      endpoint: this.transport.endpoint.url,
      raw: version,
    };
  }

  async listContainers(options: ListContainersOptions = {}): Promise<ContainerRecord[]> {
    const filters = dockerListFilters(options.filters);
    const summaries = await this.transport.json<DockerContainerSummary[] | null>({
      method: 'GET',
      path: '/containers/json',
      query: {
        all: options.all === true,
        filters: Object.keys(filters).length > 0 ? JSON.stringify(filters) : undefined,
      },
      signal: options.signal,
    });
    const records = (summaries ?? []).map((summary) => containerFromSummary(summary, this.runtime));
    // A status filter makes the engine list stopped containers even without all=1; keep `all` meaning what it says.
    return options.all
      ? records
      : records.filter((record) => record.status === 'running' || record.status === 'paused');
  }

  async inspectContainer(ref: string, options: CallOptions = {}): Promise<ContainerRecord> {
    const container = await this.transport.json<DockerContainerInspect>({
      method: 'GET',
      path: `/containers/${refPath(ref)}/json`,
      signal: options.signal,
      subject: { kind: 'container', ref },
    });
    return containerFromInspect(container, this.runtime);
  }

  async createContainer(spec: CreateContainerSpec, options: CallOptions = {}): Promise<ContainerRecord> {
    if (spec.pod !== undefined) {
      throw unsupported('docker has no pods: create the container without a pod', { runtime: this.runtime });
    }
    if (!spec.image) throw invalidArgument('an image is required to create a container', { runtime: this.runtime });
    const id = await createContainer(this.transport, spec, options);
    return this.inspectContainer(id, options);
  }

  async startContainer(ref: string, options: CallOptions = {}): Promise<void> {
    await this.containerAction(ref, 'start', {}, options.signal);
  }

  async stopContainer(ref: string, options: StopOptions = {}): Promise<void> {
    await this.containerAction(ref, 'stop', { t: stopTimeout(options) }, options.signal, true);
  }

  async killContainer(ref: string, options: KillOptions = {}): Promise<void> {
    await this.containerAction(ref, 'kill', { signal: options.killSignal ?? 'SIGKILL' }, options.signal);
  }

  async restartContainer(ref: string, options: StopOptions = {}): Promise<void> {
    await this.containerAction(ref, 'restart', { t: stopTimeout(options) }, options.signal, true);
  }

  async pauseContainer(ref: string, options: CallOptions = {}): Promise<void> {
    await this.containerAction(ref, 'pause', {}, options.signal);
  }

  async unpauseContainer(ref: string, options: CallOptions = {}): Promise<void> {
    await this.containerAction(ref, 'unpause', {}, options.signal);
  }

  async removeContainer(ref: string, options: RemoveOptions = {}): Promise<void> {
    await this.transport.send({
      method: 'DELETE',
      path: `/containers/${refPath(ref)}`,
      query: { force: options.force === true },
      signal: options.signal,
      subject: { kind: 'container', ref },
      longLived: true,
    });
  }

  exec(ref: string, options: ExecOptions): Promise<ExecResult> {
    return execInContainer(this.transport, ref, options);
  }

  logs(ref: string, options: LogsOptions = {}): AsyncIterable<LogEntry> {
    return containerLogs(this.transport, ref, options);
  }

  wait(ref: string, options: WaitOptions = {}): Promise<WaitResult> {
    return waitForContainer(this.transport, ref, options);
  }

  async listImages(options: CallOptions = {}): Promise<ImageRecord[]> {
    const images = await this.transport.json<DockerImageSummary[] | null>({
      method: 'GET',
      path: '/images/json',
      signal: options.signal,
    });
    return (images ?? []).map((image) => imageFromSummary(image, this.runtime));
  }

  pullImage(ref: string, options: PullOptions = {}): Promise<ImageRecord> {
    return pullImage(this.transport, ref, options);
  }

  async removeImage(ref: string, options: RemoveOptions = {}): Promise<void> {
    await this.transport.send({
      method: 'DELETE',
      path: `/images/${refPath(ref)}`,
      query: { force: options.force === true },
      signal: options.signal,
      subject: { kind: 'image', ref },
    });
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  /** POST /containers/{ref}/{action}; 304 ("already started/stopped") counts as done. */
  private async containerAction(
    ref: string,
    action: string,
    query: Record<string, string | number>,
    signal: AbortSignal | undefined,
    longLived = false,
  ): Promise<void> {
    await this.transport.send({
      method: 'POST',
      path: `/containers/${refPath(ref)}/${action}`,
      query,
      signal,
      subject: { kind: 'container', ref },
      longLived,
    });
  }
}

function stopTimeout(options: StopOptions): number {
  const seconds = options.timeoutSeconds ?? 10;
  return Math.max(0, Math.round(seconds));
}
