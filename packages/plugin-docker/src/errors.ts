import {
  cancelled,
  conflict,
  IcrError,
  invalidArgument,
  isIcrError,
  notFound,
  runtimeError,
  unreachable,
  unsupported,
} from '@icr/core';

/** What a request was about, so errors can name it. */
export interface ErrorSubject {
  kind: 'container' | 'image' | 'exec';
  ref: string;
}

export interface ErrorContext {
  runtime: string;
  /** The daemon endpoint, e.g. unix:///var/run/docker.sock. */
  endpoint: string;
  subject?: ErrorSubject | undefined;
}

/** Docker's messages start with a capital ("No such container: x"); icr prints "docker: no such container: x". */
export function tidyDockerMessage(message: string): string {
  const trimmed = message.trim();
  // Go's HTTP errors start with the method ('Get "http://..."'): leave those as they are.
  if (/^[A-Z][a-z]/.test(trimmed) && !/^[A-Z][a-z]+ "/.test(trimmed))
    return trimmed[0]?.toLowerCase() + trimmed.slice(1);
  return trimmed;
}

/** Maps a non-2xx answer from the Engine API, whose body is `{"message": "..."}`. */
export function errorFromStatus(status: number, dockerMessage: string, context: ErrorContext): IcrError {
  const options = { runtime: context.runtime };
  const subject = context.subject;
  const message = tidyDockerMessage(dockerMessage);
  switch (status) {
    case 404:
      return notFound(message || (subject ? `no such ${subject.kind}: ${subject.ref}` : 'not found'), options);
    case 409:
      return conflict(message || `conflict on ${subject ? `${subject.kind} ${subject.ref}` : 'request'}`, options);
    case 400:
      return invalidArgument(message || 'bad request', options);
    case 401:
    case 403:
      return runtimeError(message || 'permission denied', options);
    case 501:
      return unsupported(message || 'not implemented by this engine', options);
    default:
      return runtimeError(message || `engine answered HTTP ${status}`, options);
  }
}

/**
 * Socket-level failures (daemon gone, socket missing, permission denied,
 * connection cut mid-stream) and cancellation, as typed errors.
 */
export function errorFromTransport(error: unknown, context: ErrorContext, signal?: AbortSignal): IcrError {
  if (isIcrError(error)) return error;
  if (signal?.aborted || (error instanceof Error && error.name === 'AbortError')) return cancelled(context.runtime);
  const code = (error as { code?: unknown } | null)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  const where = context.endpoint;
  switch (code) {
    case 'ENOENT':
      return unreachable(where, {
        runtime: context.runtime,
        detail: 'socket not found',
        hint: `is dockerd running? is DOCKER_HOST (or the runtime's "host" option) right? ${where} does not exist`,
        cause: error,
      });
    case 'ECONNREFUSED':
      return unreachable(where, {
        runtime: context.runtime,
        detail: 'connection refused',
        hint: `is dockerd running and listening on ${where}? is DOCKER_HOST right?`,
        cause: error,
      });
    case 'EACCES':
    case 'EPERM':
      return unreachable(where, {
        runtime: context.runtime,
        detail: 'permission denied',
        hint: `you may not open ${where}: run as a user in the docker group or fix the socket's permissions`,
        cause: error,
      });
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return unreachable(where, {
        runtime: context.runtime,
        detail: 'connection lost',
        hint: `the daemon closed the connection: is dockerd still running on ${where}?`,
        cause: error,
      });
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return unreachable(where, { runtime: context.runtime, detail: reason, cause: error });
    default:
      if (typeof code === 'string' && isTlsFailure(code)) {
        return unreachable(where, {
          runtime: context.runtime,
          detail: `TLS: ${reason}`,
          hint: 'check the tlsCa, tlsCert and tlsKey options (or DOCKER_CERT_PATH) against the daemon’s certificates',
          cause: error,
        });
      }
      return new IcrError('runtime-error', reason, { runtime: context.runtime, cause: error });
  }
}

/** Node's codes for a failed handshake or an untrusted peer certificate. */
function isTlsFailure(code: string): boolean {
  return /^ERR_(SSL|TLS)_|CERT|SELF_SIGNED|^UNABLE_TO_/.test(code);
}

/**
 * Errors that arrive inside a 200 progress stream (`{"error": "...", "errorDetail": {...}}`),
 * classified by docker's wording since the stream has no status code.
 */
export function errorFromStreamMessage(message: string, context: ErrorContext): IcrError {
  const options = { runtime: context.runtime };
  const text = tidyDockerMessage(message);
  if (/not found|manifest unknown|does not exist|no such|repository .* not found|pull access denied/i.test(message)) {
    return notFound(text, options);
  }
  if (/invalid reference|invalid tag|invalid digest/i.test(message)) return invalidArgument(text, options);
  return runtimeError(text, options);
}
