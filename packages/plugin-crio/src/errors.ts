import {
  cancelled,
  conflict,
  GRPC_STATUS,
  type IcrError,
  invalidArgument,
  isIcrError,
  notFound,
  runtimeError,
  timeout,
  unreachable,
} from '@icr/core';

export const GrpcCode = GRPC_STATUS;

interface GrpcErrorLike {
  code: number;
  details?: string;
  message?: string;
}

export function isGrpcError(error: unknown): error is GrpcErrorLike {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number';
}

export interface ErrorContext {
  runtime: string;
  endpoint: string;
  /** What was being done, e.g. `StartContainer abc123`; prefixes the message. */
  operation: string;
}

/** Any error out of a CRI call, as the IcrError users see. */
export function toIcrError(error: unknown, context: ErrorContext): IcrError {
  if (isIcrError(error)) return error;
  const { runtime, endpoint, operation } = context;
  if (!isGrpcError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return runtimeError(`${operation}: ${message}`, { runtime, cause: error });
  }
  const detail = (error.details || error.message || 'no detail').trim();
  const options = { runtime, cause: error };
  switch (error.code) {
    case GrpcCode.NOT_FOUND:
      return notFound(`${operation}: ${detail}`, options);
    case GrpcCode.UNAVAILABLE:
      return unreachable(endpoint, {
        ...options,
        detail,
        hint: `check that the CRI runtime (CRI-O, containerd with its CRI plugin, cri-dockerd) is running and that ${socketPathOf(endpoint)} exists and is readable by you; set the crio "endpoint" option or CONTAINER_RUNTIME_ENDPOINT to use another`,
      });
    case GrpcCode.DEADLINE_EXCEEDED:
      return timeout(`${operation}: no answer from ${endpoint} in time (${detail})`, {
        ...options,
        hint: 'raise the crio "timeoutMs" option if the runtime is just slow',
      });
    case GrpcCode.CANCELLED:
      return cancelled(runtime);
    case GrpcCode.INVALID_ARGUMENT:
      return invalidArgument(`${operation}: ${detail}`, options);
    case GrpcCode.FAILED_PRECONDITION:
    case GrpcCode.ALREADY_EXISTS:
      return conflict(`${operation}: ${detail}`, options);
    case GrpcCode.UNIMPLEMENTED:
      return runtimeError(`${operation}: ${detail}`, {
        ...options,
        hint: `${endpoint} does not serve this call of CRI v1 (runtime.v1); it may be too old or not a CRI endpoint`,
      });
    case GrpcCode.PERMISSION_DENIED:
    case GrpcCode.UNAUTHENTICATED:
      return runtimeError(`${operation}: permission denied (${detail})`, {
        ...options,
        hint: `check that you may use ${socketPathOf(endpoint)} (CRI sockets are usually root-only)`,
      });
    default:
      return runtimeError(`${operation}: ${detail}`, options);
  }
}

/** `unix:///run/crio/crio.sock` → `/run/crio/crio.sock`; other targets unchanged. */
export function socketPathOf(endpoint: string): string {
  return endpoint.replace(/^unix:\/\//, '');
}
