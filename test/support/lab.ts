/**
 * The lab as integration tests see it: endpoints, images and the icr config path,
 * read from the env.json that `scripts/lab/cli.ts up` (or vitest's globalSetup) wrote.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Lab {
  dir: string;
  /** `127.0.0.1:5055` — plain-HTTP docker-registry. */
  registry: string;
  /** `127.0.0.1:5055/icr/busybox:latest` */
  testImage: string;
  /** `127.0.0.1:5055/icr/pause:latest` */
  pauseImage: string;
  /** `unix:///tmp/icr-lab/docker.sock` */
  dockerHost: string;
  /** `/tmp/icr-lab/containerd/containerd.sock` */
  containerdAddress: string;
  /** `unix:///tmp/icr-lab/containerd/containerd.sock` */
  criEndpoint: string;
  runcRoot: string;
  runcData: string;
  runscRoot: string;
  runscData: string;
  /** The icr config naming runtimes docker, containerd, crio, runc, runsc. */
  configPath: string;
  /** All lab variables (ICR_LAB_DIR, DOCKER_HOST, ...), e.g. to pass to a child process. */
  env: Record<string, string>;
}

let cached: { file: string; lab: Lab } | null = null;

export function lab(): Lab {
  const dir = process.env.ICR_LAB_DIR ?? '/tmp/icr-lab';
  const file = path.join(dir, 'env.json');
  if (cached?.file === file) return cached.lab;
  let env: Record<string, string>;
  try {
    env = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  } catch (error) {
    throw new Error(
      `the lab is not up (${file}: ${(error as Error).message}); run "node scripts/lab/cli.ts up" or use the integration project`,
    );
  }
  const need = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${file} has no ${name}; re-run "node scripts/lab/cli.ts up"`);
    return value;
  };
  const result: Lab = {
    dir: need('ICR_LAB_DIR'),
    registry: need('ICR_REGISTRY'),
    testImage: need('ICR_TEST_IMAGE'),
    pauseImage: need('ICR_PAUSE_IMAGE'),
    dockerHost: need('DOCKER_HOST'),
    containerdAddress: need('CONTAINERD_ADDRESS'),
    criEndpoint: need('CONTAINER_RUNTIME_ENDPOINT'),
    runcRoot: need('ICR_RUNC_ROOT'),
    runcData: need('ICR_RUNC_DATA'),
    runscRoot: need('ICR_RUNSC_ROOT'),
    runscData: need('ICR_RUNSC_DATA'),
    configPath: need('ICR_CONFIG'),
    env,
  };
  cached = { file, lab: result };
  return result;
}
