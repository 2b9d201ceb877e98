import { unreachable } from './errors.ts';

/**
 * gRPC helpers for plugins that speak gRPC (CRI,
 * containerd). Spelled out here so a plugin can map an error without
 * loading @grpc/grpc-js, and so two plugins do not each keep a copy.
 */
export const GRPC_STATUS = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  FAILED_PRECONDITION: 9,
  UNIMPLEMENTED: 12,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/** grpc-js ConnectivityState values (a const enum there, so not importable at run time). */
const CONNECTIVITY = { READY: 2, TRANSIENT_FAILURE: 3, SHUTDOWN: 4 } as const;

/** The part of a grpc-js `Channel` that `channelSettled` needs; core does not depend on grpc-js. */
export interface GrpcChannelLike {
  getConnectivityState(tryToConnect: boolean): number;
  watchConnectivityState(currentState: number, deadline: Date, callback: (error?: Error) => void): void;
}

/**
 * Follows a channel until it settles: `ready`; `failed` when the connect
 * attempt itself failed (no socket, nobody listening), which a call reports at
 * once; or `timeout` when it is still connecting at the deadline — a socket
 * that accepts connections but never completes the gRPC handshake.
 */
function channelSettled(channel: GrpcChannelLike, deadline: Date): Promise<'ready' | 'failed' | 'timeout'> {
  return new Promise((resolve) => {
    const check = (): void => {
      try {
        const state = channel.getConnectivityState(true);
        if (state === CONNECTIVITY.READY) resolve('ready');
        else if (state === CONNECTIVITY.TRANSIENT_FAILURE || state === CONNECTIVITY.SHUTDOWN) resolve('failed');
        else channel.watchConnectivityState(state, deadline, (error) => (error ? resolve('timeout') : check()));
      } catch {
        // The channel was closed meanwhile; the call reports that.
        resolve('failed');
      }
    };
    check();
  });
}

export interface WaitForChannelOptions {
  /** Named in the error, e.g. "unix:///run/containerd/containerd.sock". */
  endpoint: string;
  runtime: string;
  /** How long the gRPC handshake may take. */
  timeoutMs: number;
  /** What to check; names the daemon behind the socket. */
  hint: string;
}

/**
 * Waits until the channel can take calls. When connecting failed outright (no
 * socket, nobody listening) it returns at once and the call itself reports why;
 * a socket that accepts connections but never answers is `unreachable` after
 * `timeoutMs`, instead of hanging calls that have no deadline of their own.
 * Cheap once connected: the state is read synchronously.
 */
export async function waitForChannel(channel: GrpcChannelLike, options: WaitForChannelOptions): Promise<void> {
  const outcome = await channelSettled(channel, new Date(Date.now() + options.timeoutMs));
  if (outcome !== 'timeout') return;
  throw unreachable(options.endpoint, {
    runtime: options.runtime,
    detail: `no gRPC answer within ${options.timeoutMs / 1000} s`,
    hint: options.hint,
  });
}
