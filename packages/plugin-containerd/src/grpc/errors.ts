import { cancelled, GRPC_STATUS, IcrError, unreachable } from '@icr/core';

const Code = GRPC_STATUS;

export interface ErrorContext {
  runtime: string;
  /** `unix:///path/to/containerd.sock`, named in unreachable errors. */
  endpoint: string;
  /** What was being done, e.g. "Tasks.Start c1"; prefixes the message. */
  action: string;
}

interface GrpcLikeError {
  code?: number;
  details?: string;
  message?: string;
}

/** Maps a gRPC failure onto icr's error codes; IcrErrors pass through untouched. */
export function toIcrError(error: unknown, context: ErrorContext): IcrError {
  if (error instanceof IcrError) return error;
  const grpcError = (error ?? {}) as GrpcLikeError;
  const detail = grpcError.details || grpcError.message || String(error);
  const message = `${context.action}: ${detail}`;
  const options = { runtime: context.runtime, cause: error };
  // Our deadline travels to containerd, which may hit it first and report it from the shim as Unknown.
  const code =
    grpcError.code === Code.UNKNOWN && /context deadline exceeded/.test(detail)
      ? Code.DEADLINE_EXCEEDED
      : grpcError.code;
  switch (code) {
    case Code.CANCELLED:
      return cancelled(context.runtime);
    case Code.NOT_FOUND:
      return new IcrError('not-found', message, options);
    case Code.ALREADY_EXISTS:
    case Code.FAILED_PRECONDITION:
      return new IcrError('conflict', message, options);
    case Code.DEADLINE_EXCEEDED:
      return new IcrError('timeout', message, options);
    case Code.INVALID_ARGUMENT:
      return new IcrError('invalid-argument', message, options);
    case Code.UNIMPLEMENTED:
      return new IcrError('unsupported', message, options);
    case Code.UNAVAILABLE:
    case Code.PERMISSION_DENIED:
      return unreachable(context.endpoint, {
        runtime: context.runtime,
        detail,
        cause: error,
        hint: `check that containerd is running and listening on ${context.endpoint}, and that you may open that socket (usually root only)`,
      });
    default:
      return new IcrError('runtime-error', message, options);
  }
}

export function isGrpcCode(error: unknown, code: keyof typeof Code): boolean {
  return (error as GrpcLikeError | null)?.code === Code[code];
}
