/**
 * Where everything of the lab lives. One function of the lab dir, so every module
 * (and `down`, which must find what a crashed `up` left) agrees on the paths.
 * Paths stay short: unix socket paths must fit in 108 bytes.
 */
import path from 'node:path';

export const DEFAULT_LAB_DIR = '/tmp/icr-lab';
export const DEFAULT_REGISTRY_PORT = 5055;

export interface LabLayout {
  dir: string;
  registryPort: number;
  registry: string;
  registryDir: string;
  registryConfig: string;
  containerdDir: string;
  containerdConfig: string;
  containerdRoot: string;
  containerdState: string;
  containerdSocket: string;
  /** runc state of the containers containerd's shims start (kept out of /run/containerd/runc). */
  containerdRuncRoot: string;
  cniConfDir: string;
  /** containerd's registry config_path: one `host:port/hosts.toml` per registry. */
  registryHostsDir: string;
  dockerDataRoot: string;
  dockerExecRoot: string;
  dockerSocket: string;
  dockerPidfile: string;
  runcRoot: string;
  runcData: string;
  runscRoot: string;
  runscData: string;
  pidsDir: string;
  logsDir: string;
  envJson: string;
  icrConfig: string;
  testImage: string;
  pauseImage: string;
}

export function labLayout(
  dir: string = process.env.ICR_LAB_DIR ?? DEFAULT_LAB_DIR,
  registryPort: number = Number(process.env.ICR_LAB_REGISTRY_PORT ?? DEFAULT_REGISTRY_PORT),
): LabLayout {
  const abs = path.resolve(dir);
  const registry = `127.0.0.1:${registryPort}`;
  const containerdDir = path.join(abs, 'containerd');
  return {
    dir: abs,
    registryPort,
    registry,
    registryDir: path.join(abs, 'registry'),
    registryConfig: path.join(abs, 'registry', 'config.yml'),
    containerdDir,
    containerdConfig: path.join(containerdDir, 'config.toml'),
    containerdRoot: path.join(containerdDir, 'root'),
    containerdState: path.join(containerdDir, 'state'),
    containerdSocket: path.join(containerdDir, 'containerd.sock'),
    containerdRuncRoot: path.join(containerdDir, 'runc'),
    cniConfDir: path.join(abs, 'cni'),
    registryHostsDir: path.join(abs, 'certs.d'),
    dockerDataRoot: path.join(abs, 'docker'),
    dockerExecRoot: path.join(abs, 'dx'),
    dockerSocket: path.join(abs, 'docker.sock'),
    dockerPidfile: path.join(abs, 'dockerd.pid'),
    runcRoot: path.join(abs, 'runc'),
    runcData: path.join(abs, 'runc-data'),
    runscRoot: path.join(abs, 'runsc'),
    runscData: path.join(abs, 'runsc-data'),
    pidsDir: path.join(abs, 'pids'),
    logsDir: path.join(abs, 'logs'),
    envJson: path.join(abs, 'env.json'),
    icrConfig: path.join(abs, 'icr.config.json'),
    testImage: `${registry}/icr/busybox:latest`,
    pauseImage: `${registry}/icr/pause:latest`,
  };
}
