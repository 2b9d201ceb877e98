/**
 * The lab itself: the registry serves the images our builder made, and every
 * client (skopeo, ctr, docker) can pull and run them.
 */
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { pushBusyboxImage } from '../scripts/lab/image/busybox.ts';
import { MEDIA_TYPES } from '../scripts/lab/image/oci-image.ts';
import { lab } from './support/lab.ts';

const suffix = randomBytes(4).toString('hex');
const { registry, testImage, dockerHost, containerdAddress } = lab();

async function manifestOf(reference: string): Promise<{ digest: string; manifest: { layers: unknown[] } }> {
  const [repository, tag] = reference.slice(registry.length + 1).split(':') as [string, string];
  const response = await fetch(`http://${registry}/v2/${repository}/manifests/${tag}`, {
    headers: { accept: MEDIA_TYPES.manifest },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe(MEDIA_TYPES.manifest);
  return {
    digest: response.headers.get('docker-content-digest') ?? '',
    manifest: (await response.json()) as { layers: unknown[] },
  };
}

describe('lab registry and images', () => {
  it('serves the busybox manifest, and skopeo agrees on its digest', async () => {
    const { digest, manifest } = await manifestOf(testImage);
    expect(manifest.layers).toHaveLength(1);
    const inspected = await execa('skopeo', ['inspect', '--tls-verify=false', `docker://${testImage}`]);
    const info = JSON.parse(inspected.stdout) as { Digest: string; Architecture: string; Os: string; Env: string[] };
    expect(info.Digest).toBe(digest);
    expect(info.Architecture).toBe('amd64');
    expect(info.Os).toBe('linux');
    expect(info.Env).toContain('PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  });

  it('builds deterministically: the same image pushed under another tag has the same digest', async () => {
    const { digest } = await manifestOf(testImage);
    const pushed = await pushBusyboxImage(`${registry}/icr/busybox:lab-test-${suffix}`);
    expect(pushed.digest).toBe(digest);
    const labelled = await pushBusyboxImage(`${registry}/icr/busybox:lab-test-${suffix}`, { labels: { run: suffix } });
    expect(labelled.digest).not.toBe(digest);
    expect((await manifestOf(labelled.reference)).digest).toBe(labelled.digest);
    // Unique to this run (the label), so deleting it cannot touch anyone's image.
    const deleted = await fetch(`http://${registry}/v2/icr/busybox/manifests/${labelled.digest}`, { method: 'DELETE' });
    expect(deleted.status).toBe(202);
  });
});

describe('lab runtimes run the test image', () => {
  const ctr = (...args: string[]) => execa('ctr', ['--address', containerdAddress, ...args]);
  const docker = (...args: string[]) => execa('docker', ['-H', dockerHost, ...args]);
  const ctrName = `icr-lab-test-${suffix}`;
  const dockerName = `icr-lab-test-${suffix}`;

  afterAll(async () => {
    await execa('ctr', ['--address', containerdAddress, 'containers', 'rm', ctrName], { reject: false });
    await execa('docker', ['-H', dockerHost, 'rm', '-f', dockerName], { reject: false });
  });

  it('containerd pulls it and runs a command in it', async () => {
    await ctr('images', 'pull', '--plain-http', testImage);
    const run = await ctr(
      'run',
      '--rm',
      '--net-host',
      testImage,
      ctrName,
      'sh',
      '-c',
      'echo hi from $(cat /etc/passwd | wc -l) users',
    );
    expect(run.stdout.trim()).toBe('hi from 2 users');
  });

  it('dockerd pulls it and runs a container with no network', async () => {
    await docker('pull', testImage);
    const run = await docker(
      'run',
      '--rm',
      '--name',
      dockerName,
      '--network',
      'none',
      testImage,
      'sh',
      '-c',
      'echo hi; stat -c %a /tmp',
    );
    expect(run.stdout.trim().split('\n')).toEqual(['hi', '1777']);
  });
});
