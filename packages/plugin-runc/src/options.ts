import path from 'node:path';

export interface RuncOptions {
  /** The OCI runtime CLI: runc, runsc, crun, kata-runtime, or a path to one. Default "runc". */
  binary?: string;
  /** State directory of the runtime (`--root`). Default /run/icr-runc. */
  root?: string;
  /** Image store, bundles, logs and exit records. Default /var/lib/icr-runc. */
  dataDir?: string;
  /** Global arguments placed before the subcommand (e.g. runsc's --platform=kvm). */
  extraArgs?: string[];
  /** Registries reached over plain http (loopback ones always are). */
  insecureRegistries?: string[];
}

export interface ResolvedOptions {
  binary: string;
  root: string;
  dataDir: string;
  extraArgs: string[];
  insecureRegistries: string[];
  /** True when the binary is gVisor's runsc, which needs a few flags of its own. */
  isRunsc: boolean;
}

export const DEFAULT_ROOT = '/run/icr-runc';
export const DEFAULT_DATA_DIR = '/var/lib/icr-runc';

export function resolveOptions(options: RuncOptions): ResolvedOptions {
  const binary = options.binary || 'runc';
  return {
    binary,
    root: path.resolve(options.root || DEFAULT_ROOT),
    dataDir: path.resolve(options.dataDir || DEFAULT_DATA_DIR),
    extraArgs: [...(options.extraArgs ?? [])],
    insecureRegistries: [...(options.insecureRegistries ?? [])],
    isRunsc: path.basename(binary) === 'runsc',
  };
}

export type ContainerNetwork = 'none' | 'host';

/**
 * Arguments before the subcommand. runsc refuses to start a sandbox network in
 * the host's network namespace, so it gets `--network=none` (or `host` for a
 * host-network container) unless the user chose a network flag themselves.
 */
export function globalArgs(options: ResolvedOptions, network: ContainerNetwork = 'none'): string[] {
  const args = ['--root', options.root];
  if (options.isRunsc && !options.extraArgs.some((arg) => /^--?network(=|$)/.test(arg))) {
    args.push(`--network=${network}`);
  }
  return [...args, ...options.extraArgs];
}

export function describeEndpoint(options: RuncOptions): string {
  const resolved = resolveOptions(options);
  return `${resolved.binary} --root ${resolved.root}`;
}
