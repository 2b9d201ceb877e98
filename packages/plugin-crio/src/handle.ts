import { setTimeout as sleep } from 'node:timers/promises';
import {
  type CallOptions,
  type ContainerRecord,
  type CreateContainerSpec,
  cancelled,
  conflict,
  type ExecOptions,
  type ExecResult,
  IcrError,
  type ImageRecord,
  isIcrError,
  type ListContainersOptions,
  type LogEntry,
  type LogsOptions,
  notFound,
  type PodRecord,
  type PullOptions,
  type RemoveOptions,
  type RuntimeHandle,
  type RuntimeVersion,
  runtimeError,
  type StopOptions,
  throwIfAborted,
  timeout,
  unsupported,
  type WaitOptions,
  type WaitResult,
} from '@icr/core';
import type { CallSettings, CriClient } from './client.ts';
import { containerConfigFor } from './container-config.ts';
import type { Container, ContainerFilter, ContainerState, PodSandboxConfig } from './cri-types.ts';
import { pickImage } from './images.ts';
import { readCriLogFile } from './log-file.ts';
import {
  containerRecordFromListing,
  containerRecordFromStatus,
  dateFromNanos,
  imageRecord,
  podRecord,
  stateFromStatus,
  statusFromState,
} from './mappers.ts';
import { pickContainer } from './resolve.ts';
import { existingSandbox, removeManagedSandboxIfEmpty, removeSandbox, runManagedSandbox } from './sandbox.ts';

export interface CriHandleSettings {
  plugin: string;
  podNamespace: string;
  /** Default deadline of a call. */
  timeoutMs: number;
}

/** Pulls may take long on slow registries; never shorter than this, whatever the call deadline. */
const PULL_DEADLINE_MS = 10 * 60 * 1000;
/** How many ContainerStatus calls a listing runs at once. */
const STATUS_CONCURRENCY = 16;

/** A connected CRI v1 endpoint as an icr runtime. */
export class CriHandle implements RuntimeHandle {
  private readonly client: CriClient;
  private readonly settings: CriHandleSettings;

  constructor(client: CriClient, settings: CriHandleSettings) {
    this.client = client;
    this.settings = settings;
  }

  private get runtime(): string {
    return this.client.runtime;
  }

  async version(options: CallOptions = {}): Promise<RuntimeVersion> {
    const call = { signal: options.signal };
    const [version, status] = await Promise.all([
      this.client.version(call),
      // Status only adds the runtime's conditions; a runtime that cannot answer it still has a version.
      this.client.status(call).catch((error: unknown) => {
        if (isIcrError(error, 'cancelled') || isIcrError(error, 'unreachable')) throw error;
        return null;
      }),
    ]);
    return {
      kind: 'version',
      runtime: this.runtime,
      plugin: this.settings.plugin,
      product: version.runtime_name,
      version: version.runtime_version,
      apiVersion: version.runtime_api_version || null,
      endpoint: this.client.endpoint,
      raw: { version, conditions: status?.status?.conditions ?? null },
    };
  }

  async listContainers(options: ListContainersOptions = {}): Promise<ContainerRecord[]> {
    const call = { signal: options.signal };
    const filters = options.filters ?? {};
    const filter: ContainerFilter = {};
    const statuses = filters.status;
    if (statuses && statuses.length > 0) {
      const states = statuses.map(stateFromStatus).filter((state): state is ContainerState => state !== null);
      // CRI has no paused state: asking only for it finds nothing.
      if (states.length === 0) return [];
      if (states.length === 1) filter.state = { state: states[0]! };
    } else if (!options.all) {
      filter.state = { state: 'CONTAINER_RUNNING' };
    }
    const labels = Object.entries(filters.labels ?? {}).filter((entry): entry is [string, string] => entry[1] !== null);
    if (labels.length > 0) filter.label_selector = Object.fromEntries(labels);
    const containers = await this.client.listContainers(filter, call);
    const records = await mapLimited(containers, STATUS_CONCURRENCY, (container) =>
      this.listingWithTimes(container, call),
    );
    return records.filter(
      (record): record is ContainerRecord => record !== null && (!statuses || statuses.includes(record.status)),
    );
  }

  /** The listing plus what only ContainerStatus knows (start, finish, exit code); null if it vanished. */
  private async listingWithTimes(container: Container, call: CallSettings): Promise<ContainerRecord | null> {
    const record = containerRecordFromListing(container, this.runtime);
    try {
      const status = (await this.client.containerStatus(container.id, false, call)).status;
      if (status) {
        record.status = statusFromState(status.state);
        record.startedAt = dateFromNanos(status.started_at);
        record.finishedAt = dateFromNanos(status.finished_at);
        record.exitCode = record.finishedAt ? status.exit_code : null;
      }
    } catch (error) {
      if (isIcrError(error, 'not-found')) return null;
      throw error;
    }
    return record;
  }

  async inspectContainer(ref: string, options: CallOptions = {}): Promise<ContainerRecord> {
    const call = { signal: options.signal };
    return this.inspectListed(await this.resolve(ref, call), call);
  }

  private async inspectListed(container: Container, call: CallSettings): Promise<ContainerRecord> {
    const [status, pod] = await Promise.all([
      this.client.containerStatus(container.id, true, call),
      this.client.podSandboxStatus(container.pod_sandbox_id, false, call).catch((error: unknown) => {
        if (isIcrError(error, 'cancelled')) throw error;
        return null;
      }),
    ]);
    return containerRecordFromStatus(status, this.runtime, {
      listing: container,
      podNamespaces: pod?.status?.linux?.namespaces?.options ?? null,
    });
  }

  async createContainer(spec: CreateContainerSpec, options: CallOptions = {}): Promise<ContainerRecord> {
    const call = { signal: options.signal };
    if (spec.autoRemove) {
      throw unsupported('CRI runtimes cannot remove a container when it exits', {
        runtime: this.runtime,
        hint: 'remove it yourself once it has exited (wait, then rm)',
      });
    }
    const name = spec.name || `icr-${Math.random().toString(36).slice(2, 10)}`;
    await this.ensureImage(spec.image, call);
    const sandbox = spec.pod
      ? await existingSandbox(this.client, spec.pod, call)
      : await runManagedSandbox(
          this.client,
          {
            name,
            namespace: this.settings.podNamespace,
            privileged: spec.privileged === true,
            network: spec.network ?? 'host',
          },
          call,
        );
    let id: string;
    try {
      if (spec.pod && spec.network) requirePodNetwork(sandbox.config, spec.network, spec.pod, this.runtime);
      const config = containerConfigFor(spec, name, sandbox.config, this.runtime);
      id = await this.client.createContainer(sandbox.id, config, sandbox.config, call);
    } catch (error) {
      if (sandbox.created) {
        // Not under the caller's signal: a cancelled create must still not leave the pod behind.
        await removeSandbox(this.client, sandbox.id, sandbox.config.log_directory, {}).catch(() => undefined);
      }
      throw error;
    }
    return this.inspectListed(await this.resolve(id, call), call);
  }

  /** Pulls the image when the runtime does not have it, as `crictl run` does. */
  private async ensureImage(image: string, call: CallSettings): Promise<void> {
    const status = await this.client.imageStatus(image, call);
    if (status.image) return;
    await this.client.pullImage(image, { ...call, deadlineMs: Math.max(this.settings.timeoutMs, PULL_DEADLINE_MS) });
  }

  async startContainer(ref: string, options: CallOptions = {}): Promise<void> {
    const call = { signal: options.signal };
    const container = await this.resolve(ref, call);
    // Like docker, starting a running container is not an error.
    if (container.state === 'CONTAINER_RUNNING') return;
    if (container.state === 'CONTAINER_EXITED') {
      throw conflict(`container ${container.metadata?.name ?? container.id} has exited; CRI cannot start it again`, {
        runtime: this.runtime,
        hint: 'create a new container from the same image',
      });
    }
    await this.client.startContainer(container.id, call);
  }

  async stopContainer(ref: string, options: StopOptions = {}): Promise<void> {
    const call = { signal: options.signal };
    const container = await this.resolve(ref, call);
    const seconds = options.timeoutSeconds ?? 10;
    await this.client.stopContainer(container.id, Math.max(0, Math.round(seconds)), call);
  }

  async removeContainer(ref: string, options: RemoveOptions = {}): Promise<void> {
    const call = { signal: options.signal };
    const container = await this.resolve(ref, call);
    if (container.state === 'CONTAINER_RUNNING' || container.state === 'CONTAINER_UNKNOWN') {
      if (!options.force) {
        throw conflict(`container ${container.metadata?.name ?? container.id} is ${statusFromState(container.state)}`, {
          runtime: this.runtime,
          hint: 'stop it first, or remove it with force',
        });
      }
      await this.client.stopContainer(container.id, 0, call);
    }
    await this.client.removeContainer(container.id, call);
    await removeManagedSandboxIfEmpty(this.client, container.pod_sandbox_id, call);
  }

  async exec(ref: string, options: ExecOptions): Promise<ExecResult> {
    const call = { signal: options.signal };
    const notExpressible = [
      options.env && Object.keys(options.env).length > 0 ? 'env' : null,
      options.user ? 'user' : null,
      options.workdir ? 'workdir' : null,
    ].filter((field) => field !== null);
    if (notExpressible.length > 0) {
      throw unsupported(`CRI ExecSync cannot set ${notExpressible.join(', ')} for an exec`, {
        runtime: this.runtime,
        hint: "wrap the command instead, e.g. sh -c 'cd /dir && VAR=x cmd'",
      });
    }
    if (options.command.length === 0)
      throw new IcrError('invalid-argument', 'exec needs a command', { runtime: this.runtime });
    const container = await this.resolve(ref, call);
    this.requireRunning(container);
    const timeoutMs = options.timeoutMs;
    const seconds = timeoutMs ? Math.max(1, Math.ceil(timeoutMs / 1000)) : 0;
    try {
      const response = await this.client.execSync(container.id, options.command, seconds, {
        ...call,
        // The runtime enforces the exec timeout; our deadline only guards against a runtime that never answers.
        deadlineMs: timeoutMs ? timeoutMs + this.settings.timeoutMs : null,
      });
      return {
        kind: 'exec',
        runtime: this.runtime,
        containerId: container.id,
        exitCode: response.exit_code,
        stdout: response.stdout.toString('utf8'),
        stderr: response.stderr.toString('utf8'),
      };
    } catch (error) {
      const timedOut =
        isIcrError(error, 'timeout') ||
        (isIcrError(error, 'runtime-error') && /timeout .* exceeded|deadline exceeded/i.test(error.message));
      if (timedOut && timeoutMs) {
        throw timeout(`exec in ${container.metadata?.name ?? container.id} did not finish within ${timeoutMs} ms`, {
          runtime: this.runtime,
          cause: error,
        });
      }
      if (isIcrError(error, 'runtime-error') && /is in CONTAINER_\w+ state|not running/i.test(error.message)) {
        throw conflict(`container ${container.metadata?.name ?? container.id} is not running`, {
          runtime: this.runtime,
          cause: error,
        });
      }
      throw error;
    }
  }

  private requireRunning(container: Container): void {
    if (container.state !== 'CONTAINER_RUNNING') {
      throw conflict(
        `container ${container.metadata?.name ?? container.id} is not running (${statusFromState(container.state)})`,
        { runtime: this.runtime, hint: 'start it first' },
      );
    }
  }

  async *logs(ref: string, options: LogsOptions = {}): AsyncGenerator<LogEntry> {
    const call = { signal: options.signal };
    const container = await this.resolve(ref, call);
    const status = (await this.client.containerStatus(container.id, false, call)).status;
    const path = status?.log_path;
    if (!path) {
      throw runtimeError(`container ${container.metadata?.name ?? container.id} has no log file`, {
        runtime: this.runtime,
        hint: "the runtime writes logs only when the pod has a log directory; icr's own pods always do",
      });
    }
    const isRunning = async () => {
      try {
        const current = (await this.client.containerStatus(container.id, false, call)).status;
        return current?.state === 'CONTAINER_RUNNING' || current?.state === 'CONTAINER_CREATED';
      } catch (error) {
        if (isIcrError(error, 'not-found')) return false;
        throw error;
      }
    };
    try {
      yield* readCriLogFile(path, {
        tail: options.tail,
        since: options.since,
        follow: options.follow,
        signal: options.signal,
        isRunning,
      });
    } catch (error) {
      if (isIcrError(error)) throw error;
      throw runtimeError(`cannot read the log file ${path}: ${(error as Error).message}`, {
        runtime: this.runtime,
        hint: 'CRI logs are files on the runtime host: run icr there, as a user who may read them',
        cause: error,
      });
    }
    throwIfAborted(options.signal, this.runtime);
  }

  async wait(ref: string, options: WaitOptions = {}): Promise<WaitResult> {
    const call = { signal: options.signal };
    const condition = options.for ?? 'exited';
    let container: Container;
    try {
      container = await this.resolve(ref, call);
    } catch (error) {
      if (condition === 'removed' && isIcrError(error, 'not-found'))
        return { id: ref, status: 'removed', exitCode: null };
      throw error;
    }
    const deadline = options.timeoutMs === undefined ? null : Date.now() + options.timeoutMs;
    for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
      let response: Awaited<ReturnType<CriClient['containerStatus']>>;
      try {
        response = await this.client.containerStatus(container.id, false, call);
      } catch (error) {
        if (!isIcrError(error, 'not-found')) throw error;
        if (condition === 'removed') return { id: container.id, status: 'removed', exitCode: null };
        throw notFound(`container ${container.metadata?.name ?? container.id} was removed while waiting`, {
          runtime: this.runtime,
        });
      }
      const status = response.status;
      const state = status ? statusFromState(status.state) : 'unknown';
      const exitCode = status && dateFromNanos(status.finished_at) ? status.exit_code : null;
      // A container that already exited also answers a wait for "running": it will never run again.
      if (
        (condition === 'running' && (state === 'running' || state === 'exited')) ||
        (condition === 'exited' && state === 'exited')
      ) {
        return { id: container.id, status: state, exitCode };
      }
      if (deadline !== null && Date.now() >= deadline) {
        throw timeout(
          `container ${container.metadata?.name ?? container.id} is still ${state} after ${options.timeoutMs} ms`,
          {
            runtime: this.runtime,
          },
        );
      }
      const pause = deadline === null ? delay : Math.max(0, Math.min(delay, deadline - Date.now()));
      try {
        await sleep(pause, undefined, { signal: options.signal });
      } catch {
        throw cancelled(this.runtime);
      }
    }
  }

  async listImages(options: CallOptions = {}): Promise<ImageRecord[]> {
    const images = await this.client.listImages({ signal: options.signal });
    return images.map((image) => imageRecord(image, this.runtime));
  }

  async pullImage(ref: string, options: PullOptions = {}): Promise<ImageRecord> {
    const call = { signal: options.signal };
    // CRI's PullImage reports nothing until it is done: one event before, one after.
    options.onProgress?.({ id: null, status: `Pulling ${ref}`, current: null, total: null });
    const imageRef = await this.client.pullImage(ref, {
      ...call,
      deadlineMs: Math.max(this.settings.timeoutMs, PULL_DEADLINE_MS),
    });
    const status = await this.client.imageStatus(imageRef, call);
    const record: ImageRecord = status.image
      ? imageRecord(status.image, this.runtime)
      : {
          kind: 'image',
          runtime: this.runtime,
          id: imageRef,
          repoTags: [ref],
          digests: [],
          size: null,
          createdAt: null,
          raw: { image_ref: imageRef },
        };
    options.onProgress?.({ id: null, status: `Pulled ${ref}`, current: null, total: null });
    return record;
  }

  async removeImage(ref: string, options: RemoveOptions = {}): Promise<void> {
    const call = { signal: options.signal };
    const { image, byTag } = pickImage(await this.client.listImages(call), ref, this.runtime);
    if (byTag && image.repo_tags.length > 1 && !options.force) {
      throw conflict(`image ${ref} has other tags too (${image.repo_tags.filter((tag) => tag !== ref).join(', ')})`, {
        runtime: this.runtime,
        hint: 'CRI can only remove an image with all its tags: remove it with force to do that',
      });
    }
    await this.client.removeImage(image.id, call);
  }

  async listPods(options: CallOptions = {}): Promise<PodRecord[]> {
    const pods = await this.client.listPodSandboxes({}, { signal: options.signal });
    return pods.map((pod) => podRecord(pod, this.runtime));
  }

  async close(): Promise<void> {
    this.client.close();
  }

  private async resolve(ref: string, call: CallSettings): Promise<Container> {
    return pickContainer(await this.client.listContainers({}, call), ref, this.runtime);
  }
}

/** A container shares its pod's network: a `network` that contradicts the named pod is an error, not ignored. */
function requirePodNetwork(pod: PodSandboxConfig, network: 'host' | 'none', ref: string, runtime: string): void {
  const podIsHost = pod.linux?.security_context?.namespace_options?.network === 'NODE';
  if (podIsHost !== (network === 'host')) {
    throw conflict(
      `pod ${ref} has ${podIsHost ? 'the host network' : 'a network namespace of its own'}, not network "${network}"`,
      {
        runtime,
        hint: "leave network unset to use the pod's",
      },
    );
  }
}

/** Runs `map` over items with at most `limit` in flight, keeping order. */
async function mapLimited<T, R>(items: T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
