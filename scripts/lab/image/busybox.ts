/**
 * The lab's images, built from the host's static busybox without docker:
 * one layer (busybox, an applet symlink each, passwd/group, the usual empty dirs).
 * `buildBusyboxImage` is the entry point for tests and benchmarks that need images
 * of their own (another tag, command, label or a few extra files).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { type BuiltImage, buildImage, type ContainerConfig } from './oci-image.ts';
import { pushImage } from './push.ts';
import { type LayerEntry, tarLayer } from './tar-layer.ts';

export const BUSYBOX_BINARY = '/bin/busybox';
export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** busybox running as PID 1 ignores TERM unless it traps it; this pause exits promptly on TERM/INT. */
export const PAUSE_ENTRYPOINT = ['/bin/sh', '-c', "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done"];

const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n';
const GROUP = 'root:x:0:\nnobody:x:65534:\n';

let cachedBase: LayerEntry[] | null = null;

/** The base rootfs as layer entries (cached: reading busybox and listing applets is the slow part). */
export function busyboxRootfs(busybox: string = BUSYBOX_BINARY): LayerEntry[] {
  if (cachedBase && busybox === BUSYBOX_BINARY) return cachedBase;
  const applets = execFileSync(busybox, ['--list'], { encoding: 'utf8' })
    .split('\n')
    .map((name) => name.trim())
    .filter((name) => name !== '' && name !== 'busybox' && /^[\w.[-]+$/.test(name))
    .sort();
  const dir = (path: string, mode = 0o755): LayerEntry => ({ path, type: 'Directory', mode });
  const entries: LayerEntry[] = [
    dir('bin'),
    { path: 'bin/busybox', type: 'File', mode: 0o755, content: fs.readFileSync(busybox) },
    ...[...new Set(applets)].map(
      (name): LayerEntry => ({
        path: `bin/${name}`,
        type: 'SymbolicLink',
        mode: 0o777,
        linkpath: 'busybox',
      }),
    ),
    dir('dev'),
    dir('etc'),
    { path: 'etc/group', type: 'File', mode: 0o644, content: Buffer.from(GROUP) },
    { path: 'etc/passwd', type: 'File', mode: 0o644, content: Buffer.from(PASSWD) },
    dir('proc', 0o555),
    dir('root', 0o700),
    dir('sbin'),
    dir('sys', 0o555),
    dir('tmp', 0o1777),
    dir('usr'),
    dir('usr/bin'),
    dir('usr/sbin'),
    dir('var'),
  ];
  if (busybox === BUSYBOX_BINARY) cachedBase = entries;
  return entries;
}

export interface BusyboxImageOptions {
  cmd?: string[] | null;
  entrypoint?: string[] | null;
  env?: string[];
  labels?: Record<string, string>;
  workingDir?: string;
  user?: string;
  /** Extra files in a second layer, e.g. `{ 'etc/motd': 'hello\n' }`. */
  files?: Record<string, string | Buffer>;
}

export function buildBusyboxImage(options: BusyboxImageOptions = {}): BuiltImage {
  const layers = [tarLayer(busyboxRootfs())];
  if (options.files && Object.keys(options.files).length > 0) {
    const extra = Object.entries(options.files)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(
        ([path, content]): LayerEntry => ({
          path: path.replace(/^\/+/, ''),
          type: 'File',
          mode: 0o644,
          content: Buffer.isBuffer(content) ? content : Buffer.from(content),
        }),
      );
    layers.push(tarLayer(extra));
  }
  const config: ContainerConfig = {
    Env: options.env ?? [DEFAULT_PATH],
    Cmd: options.cmd === undefined ? ['sh'] : options.cmd,
  };
  if (options.entrypoint) config.Entrypoint = options.entrypoint;
  if (options.labels) config.Labels = options.labels;
  if (options.workingDir) config.WorkingDir = options.workingDir;
  if (options.user) config.User = options.user;
  return buildImage({ layers, config });
}

/**
 * Builds and pushes a busybox-based image. `reference` is `registry/repo:tag`,
 * e.g. `127.0.0.1:5055/icr/busybox:bench-1a2b`.
 */
export async function pushBusyboxImage(
  reference: string,
  options: BusyboxImageOptions = {},
): Promise<{ reference: string; digest: string }> {
  const match = /^([^/]+)\/(.+):([\w][\w.-]{0,127})$/.exec(reference);
  if (!match) throw new Error(`image reference must be registry/repository:tag, got "${reference}"`);
  const [, registry, repository, tag] = match as unknown as [string, string, string, string];
  return pushImage(registry, repository, tag, buildBusyboxImage(options));
}

/** The two images every lab has: the test image and the CRI sandbox (pause) image. */
export async function pushLabImages(testImage: string, pauseImage: string): Promise<{ test: string; pause: string }> {
  const test = await pushBusyboxImage(testImage, { cmd: ['sh'] });
  const pause = await pushBusyboxImage(pauseImage, { cmd: null, entrypoint: PAUSE_ENTRYPOINT });
  return { test: test.digest, pause: pause.digest };
}
