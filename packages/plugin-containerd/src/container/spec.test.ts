import { securityFromOciSpec } from '@icr/core';
import { describe, expect, it } from 'vitest';
import type { OciImageConfig } from '../image/oci-types.ts';
import {
  ALL_CAPABILITIES,
  buildSpec,
  commandLine,
  DEFAULT_CAPABILITIES,
  execProcessSpec,
  mergeEnv,
  parseUser,
} from './spec.ts';

const image: OciImageConfig = {
  config: {
    Env: ['PATH=/usr/bin:/bin', 'LANG=C'],
    Entrypoint: null,
    Cmd: ['sh'],
    WorkingDir: '/srv',
    User: '',
  },
  rootfs: { type: 'layers', diff_ids: [`sha256:${'a'.repeat(64)}`] },
};

const build = (request: Parameters<typeof buildSpec>[0]['request'], config: OciImageConfig = image) =>
  buildSpec({ id: 'web-1', namespace: 'ns1', image: config, request, runtimeName: 'containerd' });

describe('buildSpec', () => {
  it("builds ctr run's default spec from the image config", () => {
    const spec = build({ image: 'x' });
    expect(spec.process.args).toEqual(['sh']);
    expect(spec.process.env).toEqual(['PATH=/usr/bin:/bin', 'LANG=C']);
    expect(spec.process.cwd).toBe('/srv');
    expect(spec.process.user).toEqual({ uid: 0, gid: 0 });
    expect(spec.process.noNewPrivileges).toBe(true);
    expect(spec.process.capabilities?.effective).toEqual(DEFAULT_CAPABILITIES);
    expect(spec.root).toEqual({ path: 'rootfs', readonly: false });
    expect(spec.linux.cgroupsPath).toBe('/ns1/web-1');
    expect(spec.linux.maskedPaths).toContain('/proc/kcore');
    expect(spec.mounts?.map((m) => m.destination)).toEqual([
      '/proc',
      '/dev',
      '/dev/pts',
      '/dev/shm',
      '/dev/mqueue',
      '/sys',
      '/run',
    ]);
  });

  it('gives the container its own network namespace by default (loopback only, no CNI)', () => {
    const types = build({ image: 'x' }).linux.namespaces?.map((ns) => ns.type);
    expect(types).toEqual(['pid', 'ipc', 'uts', 'mount', 'network']);
    expect(securityFromOciSpec(build({ image: 'x' })).namespaces.hostNetwork).toBe(false);
  });

  it('shares the host network and its hosts/resolv.conf with network host', () => {
    const spec = build({ image: 'x', network: 'host' });
    expect(spec.linux.namespaces?.map((ns) => ns.type)).not.toContain('network');
    expect(spec.mounts?.filter((m) => m.type === 'bind').map((m) => m.destination)).toEqual([
      '/etc/hosts',
      '/etc/resolv.conf',
    ]);
    expect(securityFromOciSpec(spec).namespaces.hostNetwork).toBe(true);
  });

  it('applies user flags', () => {
    const spec = build({
      image: 'x',
      command: ['sleep', '5'],
      env: { LANG: 'C.UTF-8', EXTRA: '1' },
      user: '1000:100',
      workdir: '/tmp',
      readOnlyRootfs: true,
      memoryLimit: 64 * 1024 * 1024,
    });
    expect(spec.process.args).toEqual(['sleep', '5']);
    expect(spec.process.env).toEqual(['PATH=/usr/bin:/bin', 'LANG=C.UTF-8', 'EXTRA=1']);
    expect(spec.process.user).toEqual({ uid: 1000, gid: 100 });
    expect(spec.process.cwd).toBe('/tmp');
    const security = securityFromOciSpec(spec);
    expect(security.readonlyRootfs).toBe(true);
    expect(security.memoryLimit).toBe(64 * 1024 * 1024);
    expect(security.user).toBe('1000:100');
    expect(security.privileged).toBe(false);
  });

  it('grants every capability and drops masking when privileged', () => {
    const spec = build({ image: 'x', privileged: true });
    expect(spec.process.capabilities?.bounding).toEqual(ALL_CAPABILITIES);
    expect(spec.linux.maskedPaths).toEqual([]);
    expect(spec.process.noNewPrivileges).toBe(false);
    expect(securityFromOciSpec(spec).privileged).toBe(true);
  });

  it('refuses to build a spec without a command', () => {
    expect(() => build({ image: 'x' }, { config: { Cmd: null } })).toThrow(/no command/);
  });
});

describe('commandLine', () => {
  it("follows docker's entrypoint and cmd rules", () => {
    const config = { Entrypoint: ['/entry'], Cmd: ['--default'] };
    expect(commandLine({ image: 'x' }, config)).toEqual(['/entry', '--default']);
    expect(commandLine({ image: 'x', command: ['run'] }, config)).toEqual(['/entry', 'run']);
    expect(commandLine({ image: 'x', entrypoint: ['/other'] }, config)).toEqual(['/other']);
    expect(commandLine({ image: 'x', entrypoint: ['/other'], command: ['a'] }, config)).toEqual(['/other', 'a']);
  });
});

describe('mergeEnv', () => {
  it('replaces same-named entries in place and appends new ones', () => {
    expect(mergeEnv(['A=1', 'B=2'], { B: '3', C: '4' })).toEqual(['A=1', 'B=3', 'C=4']);
  });
});

describe('parseUser', () => {
  it('accepts uid, uid:gid and root', () => {
    expect(parseUser('', 'c')).toEqual({ uid: 0, gid: 0 });
    expect(parseUser('root', 'c')).toEqual({ uid: 0, gid: 0 });
    expect(parseUser('65534', 'c')).toEqual({ uid: 65534, gid: 65534 });
    expect(parseUser('1:2', 'c')).toEqual({ uid: 1, gid: 2 });
  });

  it('rejects names it cannot resolve, as invalid-argument', () => {
    expect(() => parseUser('nobody', 'c')).toThrow(expect.objectContaining({ code: 'invalid-argument', runtime: 'c' }));
  });
});

describe('execProcessSpec', () => {
  it("takes the container's process and replaces the command", () => {
    const base = build({ image: 'x', env: { A: '1' } }).process;
    const process = execProcessSpec(base, { command: ['id'], env: { B: '2' }, user: '5', workdir: '/w' }, 'c');
    expect(process.args).toEqual(['id']);
    expect(process.env).toEqual(['PATH=/usr/bin:/bin', 'LANG=C', 'A=1', 'B=2']);
    expect(process.user).toEqual({ uid: 5, gid: 5 });
    expect(process.cwd).toBe('/w');
    expect(process.capabilities).toEqual(base.capabilities);
  });
});
