import { fileURLToPath } from 'node:url';
import type { GrpcObject, ServiceClientConstructor } from '@grpc/grpc-js';

export interface CriServices {
  grpc: typeof import('@grpc/grpc-js');
  RuntimeService: ServiceClientConstructor;
  ImageService: ServiceClientConstructor;
}

/** Same relative place from src/ and dist/. */
const PROTO_FILE = fileURLToPath(new URL('../proto/cri-runtime-v1.proto', import.meta.url));

let loaded: Promise<CriServices> | null = null;

/**
 * Loads grpc-js and parses the CRI proto on first use only, so that icr
 * commands that never talk to a CRI runtime pay nothing for it.
 */
export function loadCriServices(): Promise<CriServices> {
  loaded ??= (async () => {
    const [grpc, protoLoader] = await Promise.all([import('@grpc/grpc-js'), import('@grpc/proto-loader')]);
    const definition = await protoLoader.load(PROTO_FILE, {
      keepCase: true,
      longs: String,
      enums: String,
      defaults: true,
      arrays: true,
      objects: true,
    });
    const root = grpc.loadPackageDefinition(definition) as GrpcObject;
    const v1 = (root.runtime as GrpcObject).v1 as GrpcObject;
    return {
      grpc,
      RuntimeService: v1.RuntimeService as ServiceClientConstructor,
      ImageService: v1.ImageService as ServiceClientConstructor,
    };
  })();
  loaded.catch(() => {
    loaded = null;
  });
  return loaded;
}
