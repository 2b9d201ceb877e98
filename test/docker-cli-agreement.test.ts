/**
 * What icr says about docker's containers agrees with what the docker CLI says
 * about the same daemon: `icr -r docker -c 'ps -a | where name =~ web | to json'`
 * against `docker ps -a --format '{{json .}}'`.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { lab } from './support/lab.ts';

const icrBin = path.resolve(import.meta.dirname, '../packages/lang/bin/icr.js');
const suffix = randomBytes(4).toString('hex');
const names = [`web-${suffix}-a`, `web-${suffix}-b`, `db-${suffix}`];

function docker(...args: string[]): string {
  return execFileSync('docker', ['-H', lab().dockerHost, ...args], { encoding: 'utf8' }).trim();
}

function icr(line: string): string {
  return execFileSync(process.execPath, [icrBin, '-r', 'docker', '-c', line], {
    encoding: 'utf8',
    env: { ...process.env, ...lab().env, NO_COLOR: '1' },
  });
}

beforeAll(() => {
  docker('pull', lab().testImage);
  docker(
    'create',
    '--network',
    'none',
    '--name',
    names[0] as string,
    '-l',
    `suite=${suffix}`,
    '-l',
    'tier=front',
    lab().testImage,
    'sleep',
    '300',
  );
  docker(
    'run',
    '-d',
    '--network',
    'none',
    '--name',
    names[1] as string,
    '-l',
    `suite=${suffix}`,
    lab().testImage,
    'sleep',
    '300',
  );
  docker(
    'run',
    '-d',
    '--network',
    'none',
    '--name',
    names[2] as string,
    '-l',
    `suite=${suffix}`,
    lab().testImage,
    'sh',
    '-c',
    'exit 3',
  );
  docker('wait', names[2] as string);
}, 120_000);

afterAll(() => {
  docker('rm', '-f', ...names);
});

interface DockerRow {
  ID: string;
  Names: string;
  Image: string;
  State: string;
  Labels: string;
}

it('ps -a | where name =~ web | to json agrees with docker ps -a --format json', () => {
  const fromDocker = docker('ps', '-a', '--filter', `label=suite=${suffix}`, '--format', '{{json .}}')
    .split('\n')
    .map((line) => JSON.parse(line) as DockerRow)
    .filter((row) => /web/.test(row.Names));
  const fromIcr = JSON.parse(icr(`ps -a | where labels.suite == ${suffix} | where name =~ web | to json`)) as Array<{
    id: string;
    name: string;
    image: string;
    status: string;
    labels: Record<string, string>;
    runtime: string;
  }>;
  const normalizeDocker = fromDocker
    .map((row) => ({
      id: row.ID,
      name: row.Names,
      image: row.Image,
      status: row.State,
      labels: Object.fromEntries(row.Labels.split(',').map((pair) => pair.split('=') as [string, string])),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const normalizeIcr = fromIcr
    .map((record) => ({
      id: record.id.slice(0, 12),
      name: record.name,
      image: record.image,
      status: record.status,
      labels: record.labels,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  expect(normalizeIcr.map((record) => record.name)).toEqual([names[0], names[1]]);
  expect(normalizeIcr).toEqual(normalizeDocker);
  expect(fromIcr.every((record) => record.runtime === 'docker')).toBe(true);
});

it('an exited container carries the exit code docker reports', () => {
  const [record] = JSON.parse(icr(`ps -a | where name == ${names[2]} | to json`)) as Array<{
    status: string;
    exitCode: number;
  }>;
  expect(record?.exitCode).toBe(3);
  expect(record).toMatchObject({
    status: 'exited',
    exitCode: Number(docker('inspect', '-f', '{{.State.ExitCode}}', names[2] as string)),
  });
});
