import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLayer, findWhiteouts, unpackLayers } from './unpack.ts';

describe('findWhiteouts', () => {
  it('separates file whiteouts from opaque markers', () => {
    expect(
      findWhiteouts([
        'etc/',
        'etc/.wh.passwd',
        './var/lib/.wh..wh..opq',
        '.wh.top',
        'usr/bin/ls',
        '.wh..wh..opq',
        'a/.wh.',
      ]),
    ).toEqual({ removed: ['etc/passwd', 'top'], opaque: ['var/lib', ''] });
  });
});

describe('applyLayer', () => {
  let work: string;
  let rootfs: string;

  /** Writes `files` (path → content; a trailing / makes a directory) into a gzipped layer tarball. */
  async function layer(name: string, files: Record<string, string>): Promise<string> {
    const source = path.join(work, `${name}-src`);
    for (const [file, content] of Object.entries(files)) {
      const target = path.join(source, file);
      if (file.endsWith('/')) await mkdir(target, { recursive: true });
      else {
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, content);
      }
    }
    const tarball = path.join(work, `${name}.tar.gz`);
    await tar.c({ gzip: true, file: tarball, cwd: source, portable: true }, Object.keys(files));
    return tarball;
  }

  beforeEach(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'icr-unpack-'));
    rootfs = path.join(work, 'rootfs');
  });

  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('stacks layers and honours file whiteouts', async () => {
    const lower = await layer('lower', {
      'etc/': '',
      'etc/passwd': 'root:x:0:0::/root:/bin/sh\n',
      'etc/hostname': 'lower\n',
      'opt/tool/': '',
      'opt/tool/bin': 'tool',
    });
    const upper = await layer('upper', {
      'etc/.wh.passwd': '',
      'etc/hostname': 'upper\n',
      '.wh.opt': '',
    });
    await unpackLayers(rootfs, [lower, upper]);
    expect(existsSync(path.join(rootfs, 'etc/passwd'))).toBe(false);
    expect(await readFile(path.join(rootfs, 'etc/hostname'), 'utf8')).toBe('upper\n');
    expect(existsSync(path.join(rootfs, 'opt'))).toBe(false);
    expect(existsSync(path.join(rootfs, 'etc/.wh.passwd'))).toBe(false);
  });

  it('an opaque directory hides the lower layers but keeps its own new files', async () => {
    const lower = await layer('lower', { 'var/': '', 'var/old-a': 'a', 'var/sub/old-b': 'b', 'keep/x': 'x' });
    const upper = await layer('upper', { 'var/.wh..wh..opq': '', 'var/new': 'n' });
    await unpackLayers(rootfs, [lower, upper]);
    expect((await readdir(path.join(rootfs, 'var'))).sort()).toEqual(['new']);
    expect(await readFile(path.join(rootfs, 'keep/x'), 'utf8')).toBe('x');
  });

  it('never deletes outside the rootfs through a symlinked parent', async () => {
    const outside = path.join(work, 'outside');
    await mkdir(outside);
    await writeFile(path.join(outside, 'precious'), 'keep me');
    await mkdir(rootfs, { recursive: true });
    await symlink(outside, path.join(rootfs, 'escape'));
    await applyLayer(rootfs, await layer('evil', { 'escape/.wh.precious': '' }));
    expect(await readFile(path.join(outside, 'precious'), 'utf8')).toBe('keep me');
  });
});
