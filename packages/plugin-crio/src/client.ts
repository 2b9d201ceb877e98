import type { Client, Metadata, ServiceError } from '@grpc/grpc-js';
import { cancelled, runtimeError, throwIfAborted, waitForChannel } from '@icr/core';
import type {
  Container,
  ContainerConfig,
  ContainerFilter,
  ContainerStatusResponse,
  ExecSyncResponse,
  Image,
  ImageStatusResponse,
  PodSandbox,
  PodSandboxConfig,
  PodSandboxFilter,
  PodSandboxStatusResponse,
  StatusResponse,
  VersionResponse,
} from './cri-types.ts';
import { toIcrError } from './errors.ts';
import { loadCriServices } from './proto-loading.ts';

export interface CriClientOptions {
  endpoint: string;
  runtime: string;
  /** Deadline for ordinary calls. */
  timeoutMs: number;
}

export interface CallSettings {
  signal?: AbortSignal | undefined;
  /** Overrides the default deadline; `null` means none. */
  deadlineMs?: number | null;
}

type UnaryMethod = (
  request: object,
  metadata: Metadata,
  options: { deadline?: Date },
  callback: (error: ServiceError | null, response: unknown) => void,
) => { cancel(): void };

/** ExecSync may return up to 16 MiB on each stream. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** How long the socket may take to complete the gRPC handshake before the runtime counts as unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Typed CRI v1 calls over one gRPC channel. Every call has a deadline,
 * follows its AbortSignal, and fails with an IcrError naming the runtime.
 */
export class CriClient {
  readonly endpoint: string;
  readonly runtime: string;
  private readonly timeoutMs: number;
  private readonly runtimeService: Client;
  private readonly imageService: Client;
  private readonly newMetadata: () => Metadata;
  private closed = false;

  private constructor(
    options: CriClientOptions,
    runtimeService: Client,
    imageService: Client,
    newMetadata: () => Metadata,
  ) {
    this.endpoint = options.endpoint;
    this.runtime = options.runtime;
    this.timeoutMs = options.timeoutMs;
    this.runtimeService = runtimeService;
    this.imageService = imageService;
    this.newMetadata = newMetadata;
  }

  static async open(options: CriClientOptions): Promise<CriClient> {
    const { grpc, RuntimeService, ImageService } = await loadCriServices();
    const channelOptions = {
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    };
    const credentials = grpc.credentials.createInsecure();
    const runtimeService = new RuntimeService(options.endpoint, credentials, channelOptions);
    // One channel (one connection) serves both services.
    const imageService = new ImageService(options.endpoint, credentials, {
      ...channelOptions,
      channelOverride: runtimeService.getChannel(),
    });
    return new CriClient(options, runtimeService, imageService, () => new grpc.Metadata());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.runtimeService.close();
  }

  // ---- RuntimeService ----

  version(settings?: CallSettings): Promise<VersionResponse> {
    return this.runtimeCall('Version', { version: 'v1' }, 'Version', settings);
  }

  status(settings?: CallSettings): Promise<StatusResponse> {
    return this.runtimeCall('Status', { verbose: false }, 'Status', settings);
  }

  async listContainers(filter: ContainerFilter, settings?: CallSettings): Promise<Container[]> {
    const response = await this.runtimeCall<{ containers: Container[] }>(
      'ListContainers',
      { filter },
      'ListContainers',
      settings,
    );
    return response.containers;
  }

  containerStatus(id: string, verbose: boolean, settings?: CallSettings): Promise<ContainerStatusResponse> {
    return this.runtimeCall('ContainerStatus', { container_id: id, verbose }, `ContainerStatus ${id}`, settings);
  }

  async createContainer(
    podSandboxId: string,
    config: ContainerConfig,
    sandboxConfig: PodSandboxConfig,
    settings?: CallSettings,
  ): Promise<string> {
    const response = await this.runtimeCall<{ container_id: string }>(
      'CreateContainer',
      { pod_sandbox_id: podSandboxId, config, sandbox_config: sandboxConfig },
      `CreateContainer ${config.metadata.name}`,
      settings,
    );
    return response.container_id;
  }

  async startContainer(id: string, settings?: CallSettings): Promise<void> {
    await this.runtimeCall('StartContainer', { container_id: id }, `StartContainer ${id}`, settings);
  }

  async stopContainer(id: string, timeoutSeconds: number, settings?: CallSettings): Promise<void> {
    await this.runtimeCall(
      'StopContainer',
      { container_id: id, timeout: timeoutSeconds },
      `StopContainer ${id}`,
      // The runtime may take the whole grace period before it answers.
      { deadlineMs: this.timeoutMs + timeoutSeconds * 1000, ...settings },
    );
  }

  async removeContainer(id: string, settings?: CallSettings): Promise<void> {
    await this.runtimeCall('RemoveContainer', { container_id: id }, `RemoveContainer ${id}`, settings);
  }

  execSync(id: string, cmd: string[], timeoutSeconds: number, settings?: CallSettings): Promise<ExecSyncResponse> {
    return this.runtimeCall('ExecSync', { container_id: id, cmd, timeout: timeoutSeconds }, `ExecSync ${id}`, settings);
  }

  async runPodSandbox(config: PodSandboxConfig, settings?: CallSettings): Promise<string> {
    const response = await this.runtimeCall<{ pod_sandbox_id: string }>(
      'RunPodSandbox',
      { config },
      `RunPodSandbox ${config.metadata.name}`,
      settings,
    );
    return response.pod_sandbox_id;
  }

  async stopPodSandbox(id: string, settings?: CallSettings): Promise<void> {
    await this.runtimeCall('StopPodSandbox', { pod_sandbox_id: id }, `StopPodSandbox ${id}`, settings);
  }

  async removePodSandbox(id: string, settings?: CallSettings): Promise<void> {
    await this.runtimeCall('RemovePodSandbox', { pod_sandbox_id: id }, `RemovePodSandbox ${id}`, settings);
  }

  podSandboxStatus(id: string, verbose: boolean, settings?: CallSettings): Promise<PodSandboxStatusResponse> {
    return this.runtimeCall('PodSandboxStatus', { pod_sandbox_id: id, verbose }, `PodSandboxStatus ${id}`, settings);
  }

  async listPodSandboxes(filter: PodSandboxFilter, settings?: CallSettings): Promise<PodSandbox[]> {
    const response = await this.runtimeCall<{ items: PodSandbox[] }>(
      'ListPodSandbox',
      { filter },
      'ListPodSandbox',
      settings,
    );
    return response.items;
  }

  // ---- ImageService ----

  async listImages(settings?: CallSettings): Promise<Image[]> {
    const response = await this.imageCall<{ images: Image[] }>('ListImages', {}, 'ListImages', settings);
    return response.images;
  }

  imageStatus(image: string, settings?: CallSettings): Promise<ImageStatusResponse> {
    return this.imageCall('ImageStatus', { image: { image }, verbose: false }, `ImageStatus ${image}`, settings);
  }

  async pullImage(image: string, settings?: CallSettings): Promise<string> {
    const response = await this.imageCall<{ image_ref: string }>(
      'PullImage',
      { image: { image } },
      `PullImage ${image}`,
      settings,
    );
    return response.image_ref;
  }

  async removeImage(image: string, settings?: CallSettings): Promise<void> {
    await this.imageCall('RemoveImage', { image: { image } }, `RemoveImage ${image}`, settings);
  }

  // ---- plumbing ----

  private runtimeCall<T>(method: string, request: object, operation: string, settings?: CallSettings): Promise<T> {
    return this.unary<T>(this.runtimeService, method, request, operation, settings);
  }

  private imageCall<T>(method: string, request: object, operation: string, settings?: CallSettings): Promise<T> {
    return this.unary<T>(this.imageService, method, request, operation, settings);
  }

  /** Fails as unreachable when the socket accepts connections but never answers, instead of waiting out the call deadline. */
  private ready(): Promise<void> {
    return waitForChannel(this.runtimeService.getChannel(), {
      endpoint: this.endpoint,
      runtime: this.runtime,
      timeoutMs: CONNECT_TIMEOUT_MS,
      hint: `check that the CRI runtime is running and serving ${this.endpoint}; a socket that accepts connections but never answers usually means a wedged daemon`,
    });
  }

  private async unary<T>(
    service: Client,
    method: string,
    request: object,
    operation: string,
    settings: CallSettings = {},
  ): Promise<T> {
    const { signal } = settings;
    throwIfAborted(signal, this.runtime);
    if (this.closed) {
      return Promise.reject(
        runtimeError(`${operation}: the connection to ${this.endpoint} was closed`, { runtime: this.runtime }),
      );
    }
    await this.ready();
    throwIfAborted(signal, this.runtime);
    const deadlineMs = settings.deadlineMs === undefined ? this.timeoutMs : settings.deadlineMs;
    const call = (service as unknown as Record<string, UnaryMethod>)[method]!.bind(service);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        pending.cancel();
        reject(cancelled(this.runtime));
      };
      const pending = call(
        request,
        this.newMetadata(),
        deadlineMs === null ? {} : { deadline: new Date(Date.now() + deadlineMs) },
        (error, response) => {
          signal?.removeEventListener('abort', onAbort);
          if (error) reject(toIcrError(error, { runtime: this.runtime, endpoint: this.endpoint, operation }));
          else resolve(response as T);
        },
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
