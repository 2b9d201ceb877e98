import { isIcrError, securityFromOciSpec } from '@icr/core';
import { describe, expect, it } from 'vitest';
import { buildSpec, DEFAULT_CAPABILITIES, defaultSpec, mergeEnv, resolveUser } from './spec.ts';

const imageConfig = {
  config: {
    Env: ['PATH=/usr/bin:/bin', 'LANG=C'],
    Entrypoint: ['/entry'],
    Cmd: ['serve', '--port', '80'],
    WorkingDir: '/app',
    User: 'app',
  },
};
const users = {
  passwd: 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n',
  group: 'root:x:0:\nstaff:x:50:\n',
};
const id = '0123456789abcdef0123456789abcdef';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('defaultSpec', () => {
  it('is a detached, unprivileged spec with private namespaces', () => {
    const spec = defaultSpec();
    expect(spec.process?.terminal).toBe(false);
    expect(spec.linux?.namespaces?.map((ns) => ns.type)).toEqual(['pid', 'network', 'ipc', 'uts', 'mount']);
    expect(spec.linux?.maskedPaths).toContain('/proc/kcore');
    expect(spec.linux?.readonlyPaths).toContain('/proc/sys');
    const security = securityFromOciSpec(spec);
    expect(security.privileged).toBe(false);
    expect(security.capabilities).toEqual([...DEFAULT_CAPABILITIES].sort());
  });
});

describe('buildSpec', () => {
  it('takes Entrypoint, Cmd, Env, WorkingDir and User from the image', () => {
    const spec = buildSpec({ create: { image: 'img' }, image: imageConfig, id, users });
    expect(spec.process?.args).toEqual(['/entry', 'serve', '--port', '80']);
    expect(spec.process?.env).toEqual(['PATH=/usr/bin:/bin', 'LANG=C']);
    expect(spec.process?.cwd).toBe('/app');
    expect(spec.process?.user).toEqual({ uid: 1000, gid: 1000, username: 'app' });
    expect(spec.hostname).toBe('0123456789ab');
    expect(spec.root).toEqual({ path: 'rootfs', readonly: false });
  });

  it('lets the user flags win', () => {
    const spec = buildSpec({
      create: {
        image: 'img',
        command: ['sh', '-c', 'echo $X'],
        env: { X: 'a=b', LANG: 'en' },
        workdir: '/w',
        user: '0:50',
        labels: { team: 'x' },
        readOnlyRootfs: true,
        memoryLimit: 1 << 20,
      },
      image: imageConfig,
      id,
      users,
    });
    expect(spec.process?.args).toEqual(['/entry', 'sh', '-c', 'echo $X']);
    expect(spec.process?.env).toEqual(['PATH=/usr/bin:/bin', 'LANG=en', 'X=a=b']);
    expect(spec.process?.cwd).toBe('/w');
    expect(spec.process?.user).toEqual({ uid: 0, gid: 50 });
    expect(spec.annotations).toEqual({ team: 'x' });
    expect(spec.root?.readonly).toBe(true);
    expect(spec.linux?.resources?.memory?.limit).toBe(1 << 20);
  });

  it('drops the image Cmd when the entrypoint is replaced, like docker', () => {
    const spec = buildSpec({ create: { image: 'img', entrypoint: ['/bin/sh'] }, image: imageConfig, id, users });
    expect(spec.process?.args).toEqual(['/bin/sh']);
  });

  it('shares the host network by leaving out the network namespace', () => {
    const spec = buildSpec({ create: { image: 'img', network: 'host' }, image: imageConfig, id, users });
    expect(spec.linux?.namespaces?.some((ns) => ns.type === 'network')).toBe(false);
    expect(securityFromOciSpec(spec).namespaces.hostNetwork).toBe(true);
    const isolated = buildSpec({ create: { image: 'img', network: 'none' }, image: imageConfig, id, users });
    expect(securityFromOciSpec(isolated).namespaces.hostNetwork).toBe(false);
  });

  it('privileged grants every capability and unmasks paths', () => {
    const spec = buildSpec({ create: { image: 'img', privileged: true }, image: imageConfig, id, users });
    expect(securityFromOciSpec(spec).privileged).toBe(true);
    expect(spec.process?.capabilities?.bounding).toContain('CAP_SYS_ADMIN');
  });

  it('rejects a container without a command, a relative workdir and a bad memory limit', () => {
    for (const create of [
      { image: 'img', entrypoint: [] },
      { image: 'img', workdir: 'relative' },
      { image: 'img', memoryLimit: -1 },
    ]) {
      const error = thrown(() => buildSpec({ create, image: imageConfig, id, users }));
      expect(isIcrError(error, 'invalid-argument')).toBe(true);
    }
    const noCmd = thrown(() => buildSpec({ create: { image: 'img' }, image: {}, id, users }));
    expect(isIcrError(noCmd, 'invalid-argument')).toBe(true);
  });
});

describe('resolveUser', () => {
  it('maps names and numbers through the image files', () => {
    expect(resolveUser('app', users)).toMatchObject({ uid: 1000, gid: 1000 });
    expect(resolveUser('1000', users)).toMatchObject({ uid: 1000, gid: 1000 });
    expect(resolveUser('4242', users)).toMatchObject({ uid: 4242, gid: 0 });
    expect(resolveUser('app:staff', users)).toMatchObject({ uid: 1000, gid: 50 });
    expect(resolveUser(undefined, users)).toMatchObject({ uid: 0, gid: 0 });
    expect(
      isIcrError(
        thrown(() => resolveUser('nobody-here', users)),
        'invalid-argument',
      ),
    ).toBe(true);
    expect(
      isIcrError(
        thrown(() => resolveUser('app:nogroup', users)),
        'invalid-argument',
      ),
    ).toBe(true);
  });
});

describe('mergeEnv', () => {
  it('adds a PATH when the image has none and rejects bad names', () => {
    expect(mergeEnv([], { A: '1' })).toEqual([
      'A=1',
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    ]);
    expect(
      isIcrError(
        thrown(() => mergeEnv([], { 'A=B': '1' })),
        'invalid-argument',
      ),
    ).toBe(true);
  });
});
