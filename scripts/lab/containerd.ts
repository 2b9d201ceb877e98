/**
 * containerd 1.6 with a private root/state/socket and the CRI plugin configured for
 * this machine: host-network pods (loopback-only CNI), the lab's pause image, the lab
 * registry over plain HTTP, and restrict_oom_score_adj (lowering oom_score_adj is denied here).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LabLayout } from './layout.ts';
import { containerdAnswers } from './probes.ts';
import { type ProcessRecord, spawnDaemon, waitUntilReady } from './processes.ts';

export const CONTAINERD_BINARY = '/usr/bin/containerd';

const toml = (value: string) => JSON.stringify(value);

export function containerdConfig(layout: LabLayout): string {
  const cri = '[plugins."io.containerd.grpc.v1.cri"';
  return `version = 2
root = ${toml(layout.containerdRoot)}
state = ${toml(layout.containerdState)}
# Snapshotters this VM cannot back only add noise and startup time.
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]

[grpc]
  address = ${toml(layout.containerdSocket)}

[ttrpc]
  address = ${toml(`${layout.containerdSocket}.ttrpc`)}

[debug]
  level = "info"

[metrics]
  address = ""

[plugins]
  [plugins."io.containerd.internal.v1.opt"]
    path = ${toml(path.join(layout.containerdDir, 'opt'))}
  ${cri}]
    sandbox_image = ${toml(layout.pauseImage)}
    restrict_oom_score_adj = true
    stream_server_address = "127.0.0.1"
    stream_server_port = "0"
    enable_selinux = false
    # Pods that do get a network namespace keep it under the lab dir, not /run/netns.
    netns_mounts_under_state_dir = true
    ${cri}.cni]
      bin_dir = "/usr/lib/cni"
      conf_dir = ${toml(layout.cniConfDir)}
    ${cri}.registry]
      config_path = ${toml(layout.registryHostsDir)}
    ${cri}.containerd]
      snapshotter = "overlayfs"
      default_runtime_name = "runc"
      ${cri}.containerd.runtimes.runc]
        runtime_type = "io.containerd.runc.v2"
        ${cri}.containerd.runtimes.runc.options]
          Root = ${toml(layout.containerdRuncRoot)}
`;
}

const LOOPBACK_CONFLIST = {
  cniVersion: '1.0.0',
  name: 'icr-lab-loopback',
  plugins: [{ type: 'loopback' }],
};

function registryHostsToml(registry: string): string {
  return `server = "http://${registry}"

[host."http://${registry}"]
  capabilities = ["pull", "resolve"]
  skip_verify = true
`;
}

export function writeContainerdFiles(layout: LabLayout): void {
  for (const dir of [layout.containerdDir, layout.containerdRoot, layout.containerdState, layout.cniConfDir]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  fs.writeFileSync(layout.containerdConfig, containerdConfig(layout));
  fs.writeFileSync(
    path.join(layout.cniConfDir, '10-loopback.conflist'),
    `${JSON.stringify(LOOPBACK_CONFLIST, null, 2)}\n`,
  );
  const hostsDir = path.join(layout.registryHostsDir, layout.registry);
  fs.mkdirSync(hostsDir, { recursive: true });
  fs.writeFileSync(path.join(hostsDir, 'hosts.toml'), registryHostsToml(layout.registry));
}

export async function startContainerd(layout: LabLayout): Promise<ProcessRecord> {
  writeContainerdFiles(layout);
  // A socket file left by a crashed containerd makes the new one fail to listen.
  fs.rmSync(layout.containerdSocket, { force: true });
  fs.rmSync(`${layout.containerdSocket}.ttrpc`, { force: true });
  const record = spawnDaemon(layout, 'containerd', [CONTAINERD_BINARY, '--config', layout.containerdConfig]);
  await waitUntilReady(record, `containerd on ${layout.containerdSocket}`, () =>
    containerdAnswers(layout.containerdSocket),
  );
  return record;
}
