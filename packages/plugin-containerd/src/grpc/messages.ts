/**
 * The message shapes of proto/*.proto as @grpc/proto-loader hands them to us:
 * camelCase fields, enums as names, int64 as numbers, every field present.
 */

export interface Timestamp {
  seconds: number;
  nanos: number;
}

/** google.protobuf.Any keeps its snake_case field name: proto-loader takes it from protobufjs's built-in definition. */
export interface Any {
  type_url: string;
  value: Buffer;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations: Record<string, string>;
}

export interface Mount {
  type: string;
  source: string;
  target: string;
  options: string[];
}

export interface Container {
  id: string;
  labels: Record<string, string>;
  image: string;
  runtime: { name: string; options: Any | null } | null;
  spec: Any | null;
  snapshotter: string;
  snapshotKey: string;
  createdAt: Timestamp | null;
  updatedAt: Timestamp | null;
}

export type TaskStatus = 'UNKNOWN' | 'CREATED' | 'RUNNING' | 'STOPPED' | 'PAUSED' | 'PAUSING';

export interface Process {
  containerId: string;
  id: string;
  pid: number;
  status: TaskStatus;
  stdout: string;
  stderr: string;
  exitStatus: number;
  exitedAt: Timestamp | null;
}

export interface Image {
  name: string;
  labels: Record<string, string>;
  target: Descriptor | null;
  createdAt: Timestamp | null;
  updatedAt: Timestamp | null;
}

export interface ContentInfo {
  digest: string;
  size: number;
  createdAt: Timestamp | null;
  updatedAt: Timestamp | null;
  labels: Record<string, string>;
}

export type WriteAction = 'STAT' | 'WRITE' | 'COMMIT';

export interface WriteContentRequest {
  action: WriteAction;
  ref: string;
  total?: number;
  expected?: string;
  offset?: number;
  data?: Buffer;
  labels?: Record<string, string>;
}

export interface WriteContentResponse {
  action: WriteAction;
  offset: number;
  total: number;
  digest: string;
}

export interface SnapshotInfo {
  name: string;
  parent: string;
  kind: 'UNKNOWN' | 'VIEW' | 'ACTIVE' | 'COMMITTED';
  labels: Record<string, string>;
}

export const OCI_SPEC_TYPE_URL = 'types.containerd.io/opencontainers/runtime-spec/1/Spec';
export const OCI_PROCESS_TYPE_URL = 'types.containerd.io/opencontainers/runtime-spec/1/Process';

/** containerd encodes OCI specs in `Any` as plain JSON. */
export function jsonAny(typeUrl: string, value: unknown): Any {
  return { type_url: typeUrl, value: Buffer.from(JSON.stringify(value)) };
}

export function timestampToDate(timestamp: Timestamp | null | undefined): Date | null {
  // Go's zero time (year 1) arrives as a large negative number of seconds.
  if (!timestamp || timestamp.seconds <= 0) return null;
  return new Date(timestamp.seconds * 1000 + Math.floor(timestamp.nanos / 1e6));
}
