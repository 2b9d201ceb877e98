/**
 * vitest globalSetup of the integration project: brings the lab up (reusing a running
 * one), exports its variables to the test workers, and on teardown takes the lab down
 * only if this run started it and no other test run still holds a lease on it — so a
 * developer's long-running lab, or a parallel test run, is left alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { down, up } from './lab.ts';
import { labLayout } from './layout.ts';
import { isPidAlive } from './processes.ts';

function leasesDir(labDir: string): string {
  return `${labDir}.leases`;
}

function liveLeases(labDir: string): number[] {
  let names: string[] = [];
  try {
    names = fs.readdirSync(leasesDir(labDir));
  } catch {
    return [];
  }
  return names.map(Number).filter((pid) => Number.isInteger(pid) && pid !== process.pid && isPidAlive(pid));
}

export default async function setup(): Promise<() => Promise<void>> {
  const layout = labLayout();
  const log = process.env.ICR_LAB_VERBOSE ? (message: string) => process.stderr.write(`${message}\n`) : () => {};
  // The lease goes first, so a run finishing meanwhile sees it and leaves the lab up.
  fs.mkdirSync(leasesDir(layout.dir), { recursive: true });
  for (const name of fs.readdirSync(leasesDir(layout.dir))) {
    // Leases of killed runs would keep the lab up forever.
    if (!isPidAlive(Number(name))) fs.rmSync(path.join(leasesDir(layout.dir), name), { force: true });
  }
  const lease = path.join(leasesDir(layout.dir), String(process.pid));
  fs.writeFileSync(lease, '');
  const result = await up(layout, log);
  Object.assign(process.env, result.env);
  const startedIt = result.started.includes('dockerd') && result.started.includes('containerd');
  return async () => {
    fs.rmSync(lease, { force: true });
    try {
      fs.rmdirSync(leasesDir(layout.dir));
    } catch {
      // other runs still hold leases
    }
    if (startedIt && !process.env.ICR_LAB_KEEP && liveLeases(layout.dir).length === 0) await down(layout, log);
  };
}
