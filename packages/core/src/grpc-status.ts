/**
 * gRPC status codes (the wire values), for plugins that speak gRPC (CRI,
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
