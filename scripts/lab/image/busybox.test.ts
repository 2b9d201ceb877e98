import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { describe, expect, it } from 'vitest';
import { buildBusyboxImage, DEFAULT_PATH, PAUSE_ENTRYPOINT } from './busybox.ts';
import { MEDIA_TYPES, sha256 } from './oci-image.ts';

interface Listed {
  path: string;
  type: string;
  mode: number;
  uid: number;
  linkpath: string;
  mtime: number;
}

async function listLayer(gzipped: Buffer): Promise<Listed[]> {
  const entries: Listed[] = [];
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      entries.push({
        path: entry.path,
        type: entry.type,
        mode: entry.mode ?? -1,
        uid: entry.uid ?? -1,
        linkpath: entry.linkpath ?? '',
        mtime: entry.mtime?.getTime() ?? -1,
      });
      entry.resume();
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
    Readable.from([gzipped]).pipe(parser);
  });
  return entries;
}

describe('busybox image builder', () => {
  it('is deterministic: two builds give the same manifest digest', () => {
    expect(buildBusyboxImage().digest).toBe(buildBusyboxImage().digest);
  });

  it('changes the digest when the config changes', () => {
    const base = buildBusyboxImage();
    const paused = buildBusyboxImage({ cmd: null, entrypoint: PAUSE_ENTRYPOINT });
    expect(paused.digest).not.toBe(base.digest);
    expect(paused.layers[0]?.digest).toBe(base.layers[0]?.digest);
  });

  it('writes a schema 2 manifest whose config names the layer diff_ids', () => {
    const image = buildBusyboxImage({ files: { 'etc/motd': 'hi\n' } });
    const manifest = JSON.parse(image.manifest.data.toString()) as {
      mediaType: string;
      config: { digest: string; size: number };
      layers: { digest: string; size: number; mediaType: string }[];
    };
    expect(manifest.mediaType).toBe(MEDIA_TYPES.manifest);
    expect(manifest.config).toMatchObject({ digest: image.config.digest, size: image.config.data.length });
    expect(manifest.layers.map((layer) => layer.digest)).toEqual(image.layers.map((layer) => layer.digest));
    const config = JSON.parse(image.config.data.toString()) as {
      architecture: string;
      os: string;
      config: { Env: string[]; Cmd: string[] };
      rootfs: { diff_ids: string[] };
    };
    expect(config.architecture).toBe('amd64');
    expect(config.os).toBe('linux');
    expect(config.config).toMatchObject({ Env: [DEFAULT_PATH], Cmd: ['sh'] });
    expect(config.rootfs.diff_ids).toEqual(image.layers.map((layer) => sha256(zlib.gunzipSync(layer.data))));
  });

  it('lays out busybox, applet symlinks, passwd and a sticky /tmp, all owned by root', async () => {
    const entries = await listLayer(buildBusyboxImage().layers[0]?.data ?? Buffer.alloc(0));
    const byPath = new Map(entries.map((entry) => [entry.path, entry]));
    expect(byPath.get('bin/busybox')).toMatchObject({ type: 'File', mode: 0o755 });
    expect(byPath.get('bin/sh')).toMatchObject({ type: 'SymbolicLink', linkpath: 'busybox' });
    expect(byPath.get('bin/sleep')).toMatchObject({ type: 'SymbolicLink', linkpath: 'busybox' });
    expect(byPath.get('tmp/')).toMatchObject({ type: 'Directory', mode: 0o1777 });
    for (const dir of ['proc/', 'sys/', 'dev/', 'root/', 'etc/']) expect(byPath.get(dir)?.type).toBe('Directory');
    expect(byPath.get('etc/passwd')?.type).toBe('File');
    expect(new Set(entries.map((entry) => entry.uid))).toEqual(new Set([0]));
    expect(new Set(entries.map((entry) => entry.mtime)).size).toBe(1);
  });
});
