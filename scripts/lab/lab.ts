/**
 * The lab's lifecycle: `up` (idempotent, repairs what died), `down` (removes everything
 * the lab started and the dir), `status`. The CLI and vitest's globalSetup both call these.
 */
import fs from 'node:fs';
import { deleteLabContainers, killLabProcesses, labMounts, labProcesses, removeLabDir, unmountLab } from './cleanup.ts';
import { startContainerd } from './containerd.ts';
import { startDockerd } from './dockerd.ts';
import { writeEnvFiles } from './env.ts';
import { pushLabImages } from './image/busybox.ts';
import type { LabLayout } from './layout.ts';
import { withLabLock } from './lock.ts';
import { containerdAnswers, dockerAnswers, registryAnswers } from './probes.ts';
import { forgetRecord, isRecordAlive, type ProcessRecord, readRecord, stopPid } from './processes.ts';
import { startRegistry } from './registry.ts';

export type ComponentName = 'registry' | 'containerd' | 'dockerd';

interface Component {
  name: ComponentName;
  answers: (layout: LabLayout) => Promise<boolean>;
  start: (layout: LabLayout) => Promise<ProcessRecord>;
  endpoint: (layout: LabLayout) => string;
}

/** In start order; down stops them in reverse. */
const COMPONENTS: Component[] = [
  {
    name: 'registry',
    answers: (layout) => registryAnswers(layout.registryPort),
    start: startRegistry,
    endpoint: (layout) => `http://${layout.registry}`,
  },
  {
    name: 'containerd',
    answers: (layout) => containerdAnswers(layout.containerdSocket),
    start: startContainerd,
    endpoint: (layout) => layout.containerdSocket,
  },
  {
    name: 'dockerd',
    answers: (layout) => dockerAnswers(layout.dockerSocket),
    start: startDockerd,
    endpoint: (layout) => layout.dockerSocket,
  },
];

export interface UpResult {
  env: Record<string, string>;
  /** Components this call started (empty when everything was already up). */
  started: ComponentName[];
  images: { test: string; pause: string };
  elapsedMs: number;
}

type Log = (message: string) => void;

async function isUp(layout: LabLayout, component: Component): Promise<boolean> {
  const record = readRecord(layout, component.name);
  return record !== null && isRecordAlive(record) && (await component.answers(layout));
}

export async function up(layout: LabLayout, log: Log = () => {}): Promise<UpResult> {
  return withLabLock(layout.dir, () => upLocked(layout, log));
}

async function upLocked(layout: LabLayout, log: Log): Promise<UpResult> {
  const startedAt = Date.now();
  const upAlready = await Promise.all(COMPONENTS.map((component) => isUp(layout, component)));
  if (!upAlready.includes(true) && (fs.existsSync(layout.dir) || labProcesses(layout).length > 0)) {
    // Left by a crash, a reboot or an `rm -rf` of the dir under running daemons:
    // containers, shims, daemons and mounts may linger. Start clean.
    log(`lab: nothing of ${layout.dir} answers; cleaning up the leftovers first`);
    await downLocked(layout, log);
  }
  for (const dir of [layout.dir, layout.runcRoot, layout.runcData, layout.runscRoot, layout.runscData]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  const started: ComponentName[] = [];
  let images: UpResult['images'] | null = null;
  for (const component of COMPONENTS) {
    if (await isUp(layout, component)) {
      log(`lab: ${component.name} already up (${component.endpoint(layout)})`);
    } else {
      const stale = readRecord(layout, component.name);
      if (stale && isRecordAlive(stale)) {
        log(`lab: ${component.name} (pid ${stale.pid}) does not answer; restarting it`);
        await stopPid(stale.pid);
      }
      forgetRecord(layout, component.name);
      const t0 = Date.now();
      const record = await component.start(layout);
      started.push(component.name);
      log(`lab: started ${component.name} (pid ${record.pid}, ${Date.now() - t0} ms)`);
    }
    if (component.name === 'registry') {
      // containerd's CRI needs the pause image as soon as a pod is made; push before it starts.
      const t0 = Date.now();
      images = await pushLabImages(layout.testImage, layout.pauseImage);
      log(`lab: pushed ${layout.testImage} and ${layout.pauseImage} (${Date.now() - t0} ms)`);
    }
  }
  const env = writeEnvFiles(layout);
  if (!images) throw new Error('lab: images were not pushed');
  return { env, started, images, elapsedMs: Date.now() - startedAt };
}

export async function down(layout: LabLayout, log: Log = () => {}): Promise<void> {
  await withLabLock(layout.dir, () => downLocked(layout, log));
}

async function downLocked(layout: LabLayout, log: Log): Promise<void> {
  // Containers first, while their daemons can still notice; dockerd would otherwise
  // spend its shutdown timeout stopping each one.
  const containers = await deleteLabContainers(layout);
  if (containers) log(`lab: deleted ${containers} container(s)`);
  for (const component of [...COMPONENTS].reverse()) {
    const record = readRecord(layout, component.name);
    if (!record) continue;
    if (isRecordAlive(record)) {
      const how = await stopPid(record.pid);
      log(`lab: stopped ${component.name} (pid ${record.pid}, ${how})`);
    }
    forgetRecord(layout, component.name);
  }
  const leftovers = await killLabProcesses(layout);
  if (leftovers) log(`lab: killed ${leftovers} leftover lab process(es)`);
  const stuck = await unmountLab(layout);
  if (stuck.length > 0) log(`lab: could not unmount:\n  ${stuck.join('\n  ')}`);
  if (fs.existsSync(layout.dir)) {
    removeLabDir(layout);
    log(`lab: removed ${layout.dir}`);
  }
}

export interface ComponentStatus {
  name: ComponentName;
  pid: number | null;
  alive: boolean;
  answering: boolean;
  endpoint: string;
  log: string | null;
}

export async function status(layout: LabLayout): Promise<{ components: ComponentStatus[]; mounts: number }> {
  const components = await Promise.all(
    COMPONENTS.map(async (component): Promise<ComponentStatus> => {
      const record = readRecord(layout, component.name);
      return {
        name: component.name,
        pid: record?.pid ?? null,
        alive: record !== null && isRecordAlive(record),
        answering: await component.answers(layout),
        endpoint: component.endpoint(layout),
        log: record?.log ?? null,
      };
    }),
  );
  return { components, mounts: labMounts(layout).length };
}
