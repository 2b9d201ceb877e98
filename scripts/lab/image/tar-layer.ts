/**
 * Builds a layer tarball from in-memory entries. Headers come from node-tar; we write
 * them ourselves instead of packing a staging dir so that nothing of the host leaks in
 * (mtimes, atimes, owners, umask): the same entries always give the same bytes, hence
 * the same digest, and re-pushing an unchanged image uploads nothing.
 */
import { Header } from 'tar';

export interface LayerEntry {
  /** Relative path inside the image, without a leading slash (`bin/busybox`). */
  path: string;
  type: 'File' | 'Directory' | 'SymbolicLink';
  mode: number;
  content?: Buffer;
  linkpath?: string;
  uid?: number;
  gid?: number;
}

/** 2000-01-01: fixed, and later than 0 so tools that treat 0 as "unknown" stay quiet. */
export const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

const BLOCK = 512;

export function tarLayer(entries: LayerEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const size = entry.type === 'File' ? (entry.content?.length ?? 0) : 0;
    const header = new Header({
      path: entry.type === 'Directory' && !entry.path.endsWith('/') ? `${entry.path}/` : entry.path,
      type: entry.type,
      mode: entry.mode,
      uid: entry.uid ?? 0,
      gid: entry.gid ?? 0,
      uname: entry.uid ? '' : 'root',
      gname: entry.gid ? '' : 'root',
      size,
      mtime: FIXED_MTIME,
      ...(entry.linkpath !== undefined ? { linkpath: entry.linkpath } : {}),
    });
    const block = Buffer.alloc(BLOCK);
    if (header.encode(block, 0)) {
      throw new Error(`tar layer: "${entry.path}" needs a pax header (path or link too long); keep names short`);
    }
    parts.push(block);
    if (size > 0 && entry.content) {
      parts.push(entry.content);
      const padding = (BLOCK - (size % BLOCK)) % BLOCK;
      if (padding) parts.push(Buffer.alloc(padding));
    }
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
