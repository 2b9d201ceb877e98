/**
 * The lab's own lifecycle, on a private lab dir and port so the shared lab is untouched:
 * `up` recovers from a crash (every daemon SIGKILLed with containers running), and
 * `down` leaves no process, mount or file of the lab behind.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { labMounts, labProcesses } from '../scripts/lab/cleanup.ts';
import { down, up } from '../scripts/lab/lab.ts';
import { labLayout } from '../scripts/lab/layout.ts';
import { listRecords, waitForExit } from '../scripts/lab/processes.ts';

const layout = labLayout(`/tmp/icr-lt-${randomBytes(3).toString('hex')}`, 20_000 + Math.floor(Math.random() * 10_000));
const docker = (...args: string[]) => execa('docker', ['-H', `unix://${layout.dockerSocket}`, ...args]);

afterAll(async () => {
  await down(layout);
});

describe('lab lifecycle', () => {
  it('recovers from a crash, then tears down without a trace', async () => {
    const first = await up(layout);
    expect(first.started).toEqual(['registry', 'containerd', 'dockerd']);
    const again = await up(layout);
    expect(again.started).toEqual([]);

    await docker('run', '-d', '--network', 'none', '--name', 'lt', layout.testImage, 'sleep', '600');
    expect(labProcesses(layout).length).toBeGreaterThan(0);

    const daemons = listRecords(layout);
    for (const record of daemons) process.kill(record.pid, 'SIGKILL');
    for (const record of daemons) expect(await waitForExit(record.pid, 10_000)).toBe(true);
    const recovered = await up(layout);
    expect(recovered.started).toEqual(['registry', 'containerd', 'dockerd']);
    const run = await docker('run', '--rm', '--network', 'none', layout.testImage, 'echo', 'back');
    expect(run.stdout.trim()).toBe('back');

    await down(layout);
    expect(fs.existsSync(layout.dir)).toBe(false);
    expect(labProcesses(layout)).toEqual([]);
    expect(labMounts(layout)).toEqual([]);
  });
});
