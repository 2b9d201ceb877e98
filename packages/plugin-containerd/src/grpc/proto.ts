import { fileURLToPath } from 'node:url';
import type { GrpcObject } from '@grpc/grpc-js';

/** Our hand-written subset of containerd's API (see proto/README.md). */
export const PROTO_DIR = fileURLToPath(new URL('../../proto/', import.meta.url));

const PROTO_FILES = [
  'version.proto',
  'namespaces.proto',
  'containers.proto',
  'tasks.proto',
  'images.proto',
  'content.proto',
  'snapshots.proto',
  'diff.proto',
  'leases.proto',
  'events.proto',
];

export interface ContainerdPackages {
  grpc: typeof import('@grpc/grpc-js');
  root: GrpcObject;
}

let loading: Promise<ContainerdPackages> | undefined;

/** Loads gRPC and the protos once, on first connect, so `icr` starts fast when containerd is not used. */
export function loadContainerdPackages(): Promise<ContainerdPackages> {
  loading ??= (async () => {
    const [grpc, loader] = await Promise.all([import('@grpc/grpc-js'), import('@grpc/proto-loader')]);
    // Enums as names and int64 as numbers: sizes and timestamps stay far below 2^53.
    const options = { includeDirs: [PROTO_DIR], longs: Number, enums: String, defaults: true, oneofs: true };
    const definition = await loader.load(PROTO_FILES, options);
    return { grpc, root: grpc.loadPackageDefinition(definition) };
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
