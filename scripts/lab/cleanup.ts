/**
 * Removes every trace of a lab: its containers (through the runtimes' own state dirs,
 * so cgroups go too), leftover shims and sandboxes, mounts, and finally the directory.
 * Processes are picked by what ties them to the lab dir, never by name alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { LabLayout } from './layout.ts';
import { isPidAlive, processArgv } from './processes.ts';

function isUnder(file: string, dir: string): boolean {
  return file === dir || file.startsWith(`${dir}/`);
}

function subdirs(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(dir, entry.name));
  } catch {
    return [];
  }
}

/** Every runc state dir that can hold lab containers (the shared default one is filtered by bundle). */
function runcRoots(layout: LabLayout): { root: string; shared: boolean }[] {
  return [
    { root: layout.runcRoot, shared: false },
    ...subdirs(layout.containerdRuncRoot).map((root) => ({ root, shared: false })),
    ...subdirs(path.join(layout.dockerExecRoot, 'runtime-runc')).map((root) => ({ root, shared: false })),
    ...subdirs('/run/containerd/runc').map((root) => ({ root, shared: true })),
  ];
}

interface RuncContainer {
  id: string;
  bundle?: string;
}

async function deleteRuncContainers(binary: string, root: string, onlyUnder: string | null): Promise<number> {
  if (!fs.existsSync(root)) return 0;
  const listed = await execa(binary, ['--root', root, 'list', '--format', 'json'], { reject: false, timeout: 10_000 });
  if (listed.exitCode !== 0) return 0;
  let containers: RuncContainer[] = [];
  try {
    containers = (JSON.parse(listed.stdout || 'null') as RuncContainer[] | null) ?? [];
  } catch {
    return 0;
  }
  const ours = containers.filter((container) => onlyUnder === null || isUnder(container.bundle ?? '', onlyUnder));
  await Promise.all(
    ours.map((container) =>
      execa(binary, ['--root', root, 'delete', '--force', container.id], { reject: false, timeout: 15_000 }),
    ),
  );
  return ours.length;
}

export async function deleteLabContainers(layout: LabLayout): Promise<number> {
  let count = 0;
  for (const { root, shared } of runcRoots(layout)) {
    count += await deleteRuncContainers('runc', root, shared ? layout.dir : null);
  }
  count += await deleteRuncContainers('runsc', layout.runscRoot, null);
  return count;
}

function ancestors(): Set<number> {
  const pids = new Set<number>([process.pid]);
  let pid = process.ppid;
  while (pid > 1 && !pids.has(pid)) {
    pids.add(pid);
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      break;
    }
  }
  return pids;
}

const RUNTIME_PROGRAM = /^(containerd.*|dockerd|docker-.*|runc|runsc.*|exe)$/;

/**
 * Processes of this lab: runtime programs whose command line names the lab dir (shims,
 * runsc sandboxes and gofers), and processes whose root is inside it (containers).
 */
export function labProcesses(layout: LabLayout): number[] {
  const skip = ancestors();
  const mention = new RegExp(`${layout.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/|$)`);
  const found: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (skip.has(pid)) continue;
    const argv = processArgv(pid);
    if (!argv) continue;
    const program = path.basename(argv[0] ?? '');
    if (RUNTIME_PROGRAM.test(program) && argv.some((arg) => mention.test(arg))) {
      found.push(pid);
      continue;
    }
    try {
      const root = fs.readlinkSync(`/proc/${pid}/root`);
      if (root !== '/' && isUnder(root, layout.dir)) found.push(pid);
    } catch {
      // gone, or a kernel thread
    }
  }
  return found;
}

export async function killLabProcesses(layout: LabLayout): Promise<number> {
  const pids = labProcesses(layout);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline && pids.some(isPidAlive)) await new Promise((r) => setTimeout(r, 50));
  return pids.length;
}

/** mountinfo escapes space, tab, newline and backslash as octal. */
function unescapeMountPath(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

export function labMounts(layout: LabLayout): string[] {
  const lines = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
  const mounts = lines
    .map((line) => line.split(' ')[4])
    .filter((field): field is string => field !== undefined)
    .map(unescapeMountPath)
    .filter((mountPoint) => isUnder(mountPoint, layout.dir));
  // Deepest first, and for one path the newest (last listed) first.
  return [...new Set(mounts.reverse())].sort((a, b) => b.split('/').length - a.split('/').length);
}

export async function unmountLab(layout: LabLayout): Promise<string[]> {
  for (let round = 0; round < 5; round++) {
    const mounts = labMounts(layout);
    if (mounts.length === 0) return [];
    await execa('umount', mounts, { reject: false, timeout: 20_000 });
    const left = labMounts(layout);
    if (left.length > 0) await execa('umount', ['-l', ...left], { reject: false, timeout: 20_000 });
  }
  return labMounts(layout);
}

export function removeLabDir(layout: LabLayout): void {
  fs.rmSync(layout.dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 200 });
}
