/**
 * dockerd 20.10 on the lab's containerd (its containers live in containerd namespace
 * `moby`), with no networking of its own: no bridge, no iptables, loopback only.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LabLayout } from './layout.ts';
import { dockerAnswers } from './probes.ts';
import { type ProcessRecord, spawnDaemon, waitUntilReady } from './processes.ts';

export const DOCKERD_BINARY = '/usr/sbin/dockerd';

export async function startDockerd(layout: LabLayout): Promise<ProcessRecord> {
  fs.mkdirSync(layout.dockerDataRoot, { recursive: true });
  fs.mkdirSync(layout.dockerExecRoot, { recursive: true });
  fs.rmSync(layout.dockerSocket, { force: true });
  fs.rmSync(layout.dockerPidfile, { force: true });
  // An empty daemon.json of our own keeps the host's /etc/docker/daemon.json (if any) out.
  const daemonJson = path.join(layout.dir, 'daemon.json');
  fs.writeFileSync(daemonJson, '{}\n');
  const argv = [
    DOCKERD_BINARY,
    '--config-file',
    daemonJson,
    '-H',
    `unix://${layout.dockerSocket}`,
    '--containerd',
    layout.containerdSocket,
    '--data-root',
    layout.dockerDataRoot,
    '--exec-root',
    layout.dockerExecRoot,
    '--pidfile',
    layout.dockerPidfile,
    '--iptables=false',
    '--ip6tables=false',
    '--ip-forward=false',
    '--ip-masq=false',
    '--bridge=none',
    '--userland-proxy=false',
    '--insecure-registry',
    layout.registry,
    // Containers that outlive `down`'s deletes (restart policies) must not stall shutdown.
    '--shutdown-timeout=3',
    '--log-level',
    'warn',
  ];
  const record = spawnDaemon(layout, 'dockerd', argv, {
    // dockerd looks up helpers (docker-init, docker-proxy) on PATH.
    env: { ...process.env, PATH: `/usr/sbin:/usr/bin:/sbin:/bin:${process.env.PATH ?? ''}` },
  });
  await waitUntilReady(record, `dockerd on ${layout.dockerSocket}`, () => dockerAnswers(layout.dockerSocket), 45_000);
  return record;
}
