/**
 * Typed errors with stable codes. Plugins throw these; the CLI maps codes to
 * exit statuses and prints `message` and `hint` without a stack trace.
 */

export type ErrorCode =
  | 'not-found'
  | 'unsupported'
  | 'unreachable'
  | 'conflict'
  | 'timeout'
  | 'invalid-argument'
  | 'cancelled'
  | 'runtime-error';

export const ERROR_CODES: readonly ErrorCode[] = [
  'not-found',
  'unsupported',
  'unreachable',
  'conflict',
  'timeout',
  'invalid-argument',
  'cancelled',
  'runtime-error',
];

export interface IcrErrorOptions {
  /** Runtime instance name ("docker", "crio", ...), when the error came from one. */
  runtime?: string | undefined;
  /** One line telling the user what to check or try. */
  hint?: string | undefined;
  cause?: unknown;
}

export class IcrError extends Error {
  readonly code: ErrorCode;
  readonly runtime: string | undefined;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: IcrErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IcrError';
    this.code = code;
    this.runtime = options.runtime;
    this.hint = options.hint;
  }

  /** "docker: no such container: web" — the form the CLI prints. */
  override toString(): string {
    return this.runtime ? `${this.runtime}: ${this.message}` : this.message;
  }
}

export function isIcrError(value: unknown, code?: ErrorCode): value is IcrError {
  return value instanceof IcrError && (code === undefined || value.code === code);
}

export const notFound = (what: string, options?: IcrErrorOptions) => new IcrError('not-found', what, options);
export const unsupported = (what: string, options?: IcrErrorOptions) => new IcrError('unsupported', what, options);
export const conflict = (what: string, options?: IcrErrorOptions) => new IcrError('conflict', what, options);
export const timeout = (what: string, options?: IcrErrorOptions) => new IcrError('timeout', what, options);
export const invalidArgument = (what: string, options?: IcrErrorOptions) =>
  new IcrError('invalid-argument', what, options);
export const runtimeError = (what: string, options?: IcrErrorOptions) => new IcrError('runtime-error', what, options);

/** An endpoint that cannot be reached: always names it and says what to check. */
export function unreachable(endpoint: string, options: IcrErrorOptions & { detail?: string } = {}): IcrError {
  const detail = options.detail ? ` (${plainConnectDetail(options.detail)})` : '';
  return new IcrError('unreachable', `cannot reach ${endpoint}${detail}`, {
    ...options,
    hint: options.hint ?? `check that the daemon is running and that ${endpoint} exists and is readable by you`,
  });
}

/**
 * gRPC's "No connection established. Last error: Error: connect ENOENT /x.sock.
 * Resolution note: " (and the like) said in words; other details pass through.
 */
function plainConnectDetail(detail: string): string {
  const code = /\bconnect (E[A-Z]+)\b/.exec(detail)?.[1];
  const words: Record<string, string> = {
    ENOENT: 'socket not found',
    ECONNREFUSED: 'connection refused: nothing is listening',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTSOCK: 'not a socket',
    ETIMEDOUT: 'connection timed out',
  };
  return (code && words[code]) ?? detail;
}

/** Turns an aborted signal into the SDK's cancellation error. */
export function cancelled(runtime?: string): IcrError {
  return new IcrError('cancelled', 'cancelled', { runtime });
}

export function throwIfAborted(signal: AbortSignal | undefined, runtime?: string): void {
  if (signal?.aborted) throw cancelled(runtime);
}
