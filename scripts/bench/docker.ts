/**
 * Issue 4's benchmark: with 100 containers, `icr -r docker -c 'ps -a'` against
 * `docker ps -a`, and force-removing 50 running containers through icr against
 * `docker rm -f $(docker ps -aq)`, on the lab's dockerd.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { report, timeCommand } from './harness.ts';

const root = path.resolve(import.meta.dirname, '../..');
const labEnv = JSON.parse(
  readFileSync(path.join(process.env.ICR_LAB_DIR ?? '/tmp/icr-lab', 'env.json'), 'utf8'),
) as Record<string, string>;
const env = { ...process.env, ...labEnv };
const docker = ['docker', '-H', labEnv.DOCKER_HOST as string];
const icr = [process.execPath, path.join(root, 'packages/lang/bin/icr.js')];
const image = labEnv.ICR_TEST_IMAGE as string;

function dockerRun(args: string[]): string {
  return execFileSync(docker[0] as string, [...docker.slice(1), ...args], { env, encoding: 'utf8' }).trim();
}

function createMany(count: number, label: string, start: boolean): void {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    ids.push(dockerRun(['create', '--network', 'none', '--label', `bench=${label}`, image, 'sleep', '600']));
  }
  if (start) {
    for (let index = 0; index < ids.length; index += 25) dockerRun(['start', ...ids.slice(index, index + 25)]);
  }
}

function removeLabelled(label: string): void {
  const ids = dockerRun(['ps', '-aq', '--filter', `label=bench=${label}`])
    .split('\n')
    .filter(Boolean);
  if (ids.length > 0) dockerRun(['rm', '-f', ...ids]);
}

dockerRun(['pull', image]);
removeLabelled('list');
createMany(100, 'list', false);
try {
  const lines = [
    report(
      'ps -a with 100 containers',
      timeCommand('icr', [...icr, '-r', 'docker', '-c', 'ps -a'], { env }),
      timeCommand('docker', [...docker, 'ps', '-a'], { env }),
    ),
  ];
  removeLabelled('list');
  lines.push(
    report(
      'force-remove 50 running containers',
      timeCommand('icr', [...icr, '-r', 'docker', '-c', 'ps -a | where labels.bench == rm | rm -f'], {
        env,
        runs: 3,
        setup: () => createMany(50, 'rm', true),
      }),
      timeCommand(
        'docker',
        ['sh', '-c', `${docker.join(' ')} rm -f $(${docker.join(' ')} ps -aq --filter label=bench=rm)`],
        {
          env,
          runs: 3,
          setup: () => createMany(50, 'rm', true),
        },
      ),
    ),
  );
  console.log(lines.join('\n'));
} finally {
  removeLabelled('list');
  removeLabelled('rm');
}
