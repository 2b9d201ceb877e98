import { lstat, mkdir, readdir, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import * as tar from 'tar';

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';

export interface Whiteouts {
  /** Paths (relative to the rootfs) removed by this layer. */
  removed: string[];
  /** Directories whose lower-layer contents this layer hides. */
  opaque: string[];
}

/** Splits a layer's entry names into whiteouts and opaque markers (OCI image-spec layer.md). */
export function findWhiteouts(entryPaths: Iterable<string>): Whiteouts {
  const removed: string[] = [];
  const opaque: string[] = [];
  for (const entry of entryPaths) {
    const normalized = path.posix.normalize(entry.replace(/^(\.\/)+/, '').replace(/^\/+/, ''));
    const base = path.posix.basename(normalized);
    const dir = path.posix.dirname(normalized);
    if (base === OPAQUE_MARKER) opaque.push(dir === '.' ? '' : dir);
    else if (base.startsWith(WHITEOUT_PREFIX)) {
      const target = base.slice(WHITEOUT_PREFIX.length);
      if (target && target !== '.' && target !== '..') removed.push(dir === '.' ? target : `${dir}/${target}`);
    }
  }
  return { removed, opaque };
}

/**
 * Applies one layer on top of `rootfs`: first its whiteouts against the lower
 * layers already there, then its files (whiteout markers themselves are not
 * extracted). Opaque markers only hide lower layers, so they run before extraction.
 */
export async function applyLayer(rootfs: string, layerFile: string): Promise<void> {
  const entries: string[] = [];
  await tar.t({ file: layerFile, onReadEntry: (entry) => void entries.push(entry.path) });
  const { removed, opaque } = findWhiteouts(entries);
  for (const dir of opaque) {
    const target = await insideRootfs(rootfs, dir);
    if (!target) continue;
    const children = await readdir(target).catch(() => [] as string[]);
    for (const child of children) await rm(path.join(target, child), { recursive: true, force: true });
  }
  for (const relative of removed) {
    const target = await insideRootfs(rootfs, relative);
    if (target) await rm(target, { recursive: true, force: true });
  }
  await tar.x({
    file: layerFile,
    cwd: rootfs,
    filter: (entryPath) => !path.posix.basename(entryPath).startsWith(WHITEOUT_PREFIX),
    unlink: true,
    chmod: true,
    processUmask: 0,
    preserveOwner: process.getuid?.() === 0,
  });
}

export async function unpackLayers(rootfs: string, layerFiles: string[]): Promise<void> {
  await mkdir(rootfs, { recursive: true, mode: 0o755 });
  for (const layer of layerFiles) await applyLayer(rootfs, layer);
}

/**
 * The host path of `relative` inside the rootfs, or null when a symlink in a
 * parent directory would lead outside it (a whiteout must never delete host files).
 */
async function insideRootfs(rootfs: string, relative: string): Promise<string | null> {
  const root = await realpath(rootfs);
  if (relative === '') return root;
  const candidate = path.join(root, relative);
  if (candidate !== root && !candidate.startsWith(`${root}${path.sep}`)) return null;
  let parent: string;
  try {
    parent = await realpath(path.dirname(candidate));
  } catch {
    return null;
  }
  if (parent !== root && !parent.startsWith(`${root}${path.sep}`)) return null;
  const target = path.join(parent, path.basename(candidate));
  try {
    await lstat(target);
  } catch {
    return null;
  }
  return target;
}
