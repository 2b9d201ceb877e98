import type { Client, ClientDuplexStream, Metadata, ServiceClientConstructor } from '@grpc/grpc-js';
import { throwIfAborted, waitForChannel } from '@icr/core';
import { toIcrError } from './errors.ts';
import { loadContainerdPackages } from './proto.ts';

/** The containerd services we speak, keyed by a short name. */
const SERVICES = {
  version: 'containerd.services.version.v1.Version',
  namespaces: 'containerd.services.namespaces.v1.Namespaces',
  containers: 'containerd.services.containers.v1.Containers',
  tasks: 'containerd.services.tasks.v1.Tasks',
  images: 'containerd.services.images.v1.Images',
  content: 'containerd.services.content.v1.Content',
  snapshots: 'containerd.services.snapshots.v1.Snapshots',
  diff: 'containerd.services.diff.v1.Diff',
  leases: 'containerd.services.leases.v1.Leases',
  events: 'containerd.services.events.v1.Events',
} as const;

export type ServiceName = keyof typeof SERVICES;

export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Lease id sent as `containerd-lease`, so GC keeps what the call creates. */
  lease?: string | undefined;
  /** Per-call deadline; none by default because Wait calls block for as long as a task runs. */
  timeoutMs?: number | undefined;
}

type UnaryMethod = (
  request: unknown,
  metadata: Metadata,
  options: { deadline?: Date },
  callback: (error: Error | null, response: unknown) => void,
) => { cancel(): void };

/**
 * How long the socket may take to complete the gRPC handshake. Calls have no
 * deadline of their own (Wait blocks while a task runs), so without this a
 * daemon that accepts connections but never answers would hang icr forever.
 */
const CONNECT_TIMEOUT_MS = 10_000;

export interface ConnectionSettings {
  socketPath: string;
  namespace: string;
  runtimeName: string;
}

/**
 * gRPC clients for containerd's services on one socket (grpc-js shares the
 * underlying connection between them).
 * Every call carries the namespace as `containerd-namespace` metadata and
 * every failure comes back as an IcrError.
 */
export class ContainerdConnection {
  readonly settings: ConnectionSettings;
  readonly endpoint: string;
  private readonly grpc: typeof import('@grpc/grpc-js');
  private readonly clients = new Map<ServiceName, Client>();
  private readonly constructors: Map<ServiceName, ServiceClientConstructor>;

  private constructor(
    settings: ConnectionSettings,
    grpc: typeof import('@grpc/grpc-js'),
    constructors: Map<ServiceName, ServiceClientConstructor>,
  ) {
    this.settings = settings;
    this.endpoint = `unix://${settings.socketPath}`;
    this.grpc = grpc;
    this.constructors = constructors;
  }

  static async open(settings: ConnectionSettings): Promise<ContainerdConnection> {
    const { grpc, root } = await loadContainerdPackages();
    const constructors = new Map<ServiceName, ServiceClientConstructor>();
    for (const [name, path] of Object.entries(SERVICES) as [ServiceName, string][]) {
      const found = path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], root);
      constructors.set(name, found as ServiceClientConstructor);
    }
    return new ContainerdConnection(settings, grpc, constructors);
  }

  get namespace(): string {
    return this.settings.namespace;
  }

  get runtimeName(): string {
    return this.settings.runtimeName;
  }

  private client(service: ServiceName): Client {
    let client = this.clients.get(service);
    if (!client) {
      const Constructor = this.constructors.get(service);
      if (!Constructor) throw new Error(`service ${service} missing from the protos`);
      const options: Record<string, unknown> = { 'grpc.max_receive_message_length': 64 * 1024 * 1024 };
      client = new Constructor(this.endpoint, this.grpc.credentials.createInsecure(), options);
      this.clients.set(service, client);
    }
    return client;
  }

  /** Fails as unreachable when the socket accepts connections but never answers. */
  private ready(service: ServiceName): Promise<void> {
    return waitForChannel(this.client(service).getChannel(), {
      endpoint: this.endpoint,
      runtime: this.settings.runtimeName,
      timeoutMs: CONNECT_TIMEOUT_MS,
      hint: `check that containerd is running and listening on ${this.endpoint}; a socket that accepts connections but never answers usually means a wedged daemon`,
    });
  }

  private metadata(lease: string | undefined): Metadata {
    const metadata = new this.grpc.Metadata();
    metadata.set('containerd-namespace', this.settings.namespace);
    if (lease) metadata.set('containerd-lease', lease);
    return metadata;
  }

  private errorContext(service: ServiceName, method: string, subject?: string) {
    const action = `${SERVICES[service].split('.').pop()}.${method}${subject ? ` ${subject}` : ''}`;
    return { runtime: this.settings.runtimeName, endpoint: this.endpoint, action };
  }

  /** A unary call; `subject` (an id, a digest) goes into error messages. */
  async call<Response>(
    service: ServiceName,
    method: string,
    request: object,
    options: CallOptions & { subject?: string } = {},
  ): Promise<Response> {
    throwIfAborted(options.signal, this.settings.runtimeName);
    await this.ready(service);
    const client = this.client(service) as unknown as Record<string, UnaryMethod>;
    const fn = client[method];
    if (!fn) throw new Error(`${service}.${method} missing from the protos`);
    const context = this.errorContext(service, method, options.subject);
    return new Promise<Response>((resolve, reject) => {
      const callOptions = options.timeoutMs ? { deadline: new Date(Date.now() + options.timeoutMs) } : {};
      const call = fn.call(client, request, this.metadata(options.lease), callOptions, (error, response) => {
        options.signal?.removeEventListener('abort', onAbort);
        if (error) reject(toIcrError(error, context));
        else resolve(response as Response);
      });
      const onAbort = () => call.cancel();
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A server-streaming call, collected into an array. */
  async collect<Message>(
    service: ServiceName,
    method: string,
    request: object,
    options: CallOptions & { subject?: string } = {},
  ): Promise<Message[]> {
    const messages: Message[] = [];
    for await (const message of this.stream<Message>(service, method, request, options)) messages.push(message);
    return messages;
  }

  async *stream<Message>(
    service: ServiceName,
    method: string,
    request: object,
    options: CallOptions & { subject?: string } = {},
  ): AsyncGenerator<Message> {
    throwIfAborted(options.signal, this.settings.runtimeName);
    await this.ready(service);
    const client = this.client(service) as unknown as Record<
      string,
      (request: unknown, metadata: Metadata) => NodeJS.ReadableStream & { cancel(): void }
    >;
    const fn = client[method];
    if (!fn) throw new Error(`${service}.${method} missing from the protos`);
    const call = fn.call(client, request, this.metadata(options.lease));
    const onAbort = () => call.cancel();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const message of call) yield message as Message;
    } catch (error) {
      throw toIcrError(error, this.errorContext(service, method, options.subject));
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      call.cancel();
    }
  }

  /** A bidirectional stream (Content.Write). Errors are mapped by the caller with `mapError`. */
  duplex<Request, Response>(
    service: ServiceName,
    method: string,
    options: CallOptions = {},
  ): ClientDuplexStream<Request, Response> {
    throwIfAborted(options.signal, this.settings.runtimeName);
    const client = this.client(service) as unknown as Record<
      string,
      (metadata: Metadata) => ClientDuplexStream<Request, Response>
    >;
    const fn = client[method];
    if (!fn) throw new Error(`${service}.${method} missing from the protos`);
    const call = fn.call(client, this.metadata(options.lease));
    options.signal?.addEventListener('abort', () => call.cancel(), { once: true });
    return call;
  }

  mapError(error: unknown, service: ServiceName, method: string, subject?: string) {
    return toIcrError(error, this.errorContext(service, method, subject));
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}
