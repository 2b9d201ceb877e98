/**
 * The icr CLI against the lab's real docker: scripts, bulk actions with
 * per-item results, --dry-run, check errors that stop anything from running,
 * and an unreachable runtime.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab } from '../../../test/support/lab.ts';
import { buildLang, icr, icrBinary, jsonFrom, uniqueName } from './support/icr.ts';

const label = uniqueName('icr-cli');
const image = () => lab().testImage;

interface Row {
  [key: string]: unknown;
}

async function containersLabelled(value = label): Promise<Row[]> {
  const result = await icr(['-r', 'docker', '-o', 'json', '-c', `ps -a | where labels.icrtest == "${value}"`]);
  expect(result.stderr).toBe('');
  return result.stdout.trim() === '' ? [] : (JSON.parse(result.stdout) as Row[]);
}

async function runDetached(name: string): Promise<void> {
  const result = await icr([
    '-r',
    'docker',
    '-c',
    `run -d ${image()} --name ${name} -l icrtest=${label} --network none -- sleep 300 | count`,
  ]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

beforeAll(async () => {
  const pulled = await icr(['-r', 'docker', '-c', `pull ${image()} | count`]);
  expect(pulled.code, pulled.stderr).toBe(0);
});

afterAll(async () => {
  await icr(['-r', 'docker', '-c', `ps -a | where labels.icrtest == "${label}" | rm -f`]);
});

describe('icr -c against docker', () => {
  it('runs a container and finds it with where, as JSON', async () => {
    const name = uniqueName('icr-run');
    const result = await icr([
      '-r',
      'docker',
      '-c',
      `run -d ${image()} --name ${name} -l icrtest=${label} --network none -- sleep 300 | count; ps -a | where name == ${name} | to json`,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const rows = jsonFrom(result.stdout) as Row[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'container', name, runtime: 'docker', status: 'running', image: image() });
    expect(rows[0]?.labels).toMatchObject({ icrtest: label });
  });

  it('runs a command in the foreground, printing its output and failing on a non-zero exit', async () => {
    const ok = await icr(['-r', 'docker', '-c', `run --rm --network none ${image()} -- echo hello-from-icr`]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('hello-from-icr\n');
    const failed = await icr(['-r', 'docker', '-c', `run --rm --network none ${image()} -- sh -c "exit 3"`]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^<command>:1:1: error: docker: container \w+ exited with code 3$/m);
    expect(failed.stderr).toContain('^^^');
  });

  it('stops many containers, reports one result per item and fails after trying all', async () => {
    const first = uniqueName('icr-bulk');
    const second = uniqueName('icr-bulk');
    await runDetached(first);
    await runDetached(second);
    const missing = uniqueName('icr-missing');
    const result = await icr(['-r', 'docker', '-o', 'json', '-c', `stop -t 1 ${first} ${missing} ${second}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('stop: 1 of 3 failed');
    const results = JSON.parse(result.stdout) as Row[];
    expect(results.map((row) => [row.name, row.action, row.ok])).toEqual([
      [first, 'stop', true],
      [missing, 'stop', false],
      [second, 'stop', true],
    ]);
    expect(String(results[1]?.error)).toContain(missing);
    const after = await containersLabelled();
    const statusOf = (name: string) => after.find((row) => row.name === name)?.status;
    expect(statusOf(first)).toBe('exited');
    expect(statusOf(second)).toBe('exited');
  });

  it('changes nothing with --dry-run, then removes by label from the pipe', async () => {
    const name = uniqueName('icr-dry');
    await runDetached(name);
    const before = await containersLabelled();
    expect(before.length).toBeGreaterThan(0);
    const dry = await icr([
      '-r',
      'docker',
      '-o',
      'json',
      '-c',
      `ps -a | where labels.icrtest == "${label}" | rm -f --dry-run`,
    ]);
    expect(dry.code).toBe(0);
    const planned = JSON.parse(dry.stdout) as Row[];
    expect(planned.map((row) => row.name).sort()).toEqual(before.map((row) => row.name).sort());
    expect(planned.every((row) => row.action === 'rm (dry run)' && row.ok === true)).toBe(true);
    expect((await containersLabelled()).length).toBe(before.length);

    const removed = await icr([
      '-r',
      'docker',
      '-o',
      'json',
      '-c',
      `ps -a | where labels.icrtest == "${label}" | rm -f --parallel 2`,
    ]);
    expect(removed.code, removed.stderr).toBe(0);
    expect((JSON.parse(removed.stdout) as Row[]).every((row) => row.ok === true)).toBe(true);
    expect(await containersLabelled()).toEqual([]);
  });
});

describe('several runtimes', () => {
  it('merges ps -r all and turns an unreachable runtime into a warning', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'icr-all-'));
    const socket = path.join(dir, 'ghost.sock');
    const labConfig = JSON.parse(readFileSync(lab().configPath, 'utf8')) as { runtimes: Record<string, unknown> };
    labConfig.runtimes.ghost = { plugin: 'docker', options: { host: `unix://${socket}` } };
    const config = path.join(dir, 'icr.config.json');
    writeFileSync(config, JSON.stringify(labConfig));
    const result = await icr(['-c', 'version -r all | get runtime'], { ICR_CONFIG: config });
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').sort()).toEqual(
      Object.keys(labConfig.runtimes)
        .filter((name) => name !== 'ghost')
        .sort(),
    );
    expect(result.stderr).toContain(`warning: ghost: cannot reach unix://${socket}`);

    const named = await icr(['-c', 'ps -r docker,ghost'], { ICR_CONFIG: config });
    expect(named.code).toBe(3);
  });

  it('dispatches piped records to their own runtime', async () => {
    const names = { docker: uniqueName('icr-multi'), runc: uniqueName('icr-multi') };
    for (const [runtime, name] of Object.entries(names)) {
      const created = await icr([
        '-r',
        runtime,
        '-c',
        `run -d ${image()} --name ${name} -l icrtest=${label} --network host -- sleep 300 | count`,
      ]);
      expect(created.code, created.stderr).toBe(0);
    }
    const stopped = await icr([
      '-r',
      'docker',
      '-o',
      'json',
      '-c',
      `ps -r docker,runc | where labels.icrtest == "${label}" | where name in [${names.docker}, ${names.runc}] | rm -f`,
    ]);
    expect(stopped.stderr).toBe('');
    const results = JSON.parse(stopped.stdout) as Row[];
    expect(results.map((row) => `${row.runtime}:${row.name}:${row.ok}`).sort()).toEqual(
      [`docker:${names.docker}:true`, `runc:${names.runc}:true`].sort(),
    );
    const left = await icr([
      '-c',
      `ps -a -r docker,runc | where labels.icrtest == "${label}" | where name in [${names.docker}, ${names.runc}] | count`,
    ]);
    expect(left.stdout.trim()).toBe('0');
  });
});

describe('help', () => {
  it('is generated from the signatures', async () => {
    const where = await icr(['-c', 'help where']);
    expect(where.code).toBe(0);
    expect(where.stdout).toContain('Usage: where <condition>');
    const stop = await icr(['-c', 'stop --help']);
    expect(stop.stdout).toContain('--dry-run');
    expect(stop.stdout).toContain('Examples:');
    const all = await icr(['-c', 'help']);
    expect(all.stdout).toMatch(/Lifecycle:\n(.|\n)* {2}stop /);
  });
});

describe('scripts', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'icr-scripts-'));

  it('checks the whole script first: a later error means nothing runs (exit 2, caret output)', async () => {
    const name = uniqueName('icr-never');
    const file = path.join(dir, 'bad.icr');
    writeFileSync(
      file,
      `run -d ${image()} --name ${name} -l icrtest=${label} --network none -- sleep 300\nps -a | where nosuchfield == 1\n`,
    );
    const result = await icr(['-r', 'docker', 'run', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:2:`);
    expect(result.stderr).toContain('^');
    expect(result.stderr).toContain('nosuchfield');
    const found = await icr(['-r', 'docker', '-c', `ps -a | where name == ${name} | count`]);
    expect(found.stdout.trim()).toBe('0');
  });

  it('reports a failed assert with file:line:col and exit 1; $args holds script arguments', async () => {
    const file = path.join(dir, 'assert.icr');
    writeFileSync(file, 'echo $args\nassert ($args | count) == 3 "expected three arguments"\n');
    const ok = await icr(['run', file, 'a', 'b', 'c']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('a\nb\nc\n');
    const failed = await icr(['run', file, 'only-one']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`${file}:2:1`);
    expect(failed.stderr).toContain('expected three arguments');
  });

  it('icr check parses and checks without running', async () => {
    const file = path.join(dir, 'fine.icr');
    writeFileSync(file, `ps -a | where status == exited | select name status\n`);
    const result = await icr(['check', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('the built binary', () => {
  beforeAll(() => buildLang(), 180_000);

  it('exits 3 naming the socket when a runtime is unreachable', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'icr-unreachable-'));
    const socket = path.join(dir, 'missing-docker.sock');
    const config = path.join(dir, 'icr.config.json');
    writeFileSync(
      config,
      JSON.stringify({ runtimes: { ghost: { plugin: 'docker', options: { host: `unix://${socket}` } } } }),
    );
    const result = icrBinary(['-r', 'ghost', '-c', 'ps'], { ICR_CONFIG: config });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(socket);
    expect(result.stderr).toMatch(/^hint: /m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('answers --help and --version, and usage errors exit 2', () => {
    const help = icrBinary(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('3  a runtime could not be reached');
    expect(icrBinary(['--version']).stdout).toMatch(/^icr \d+\.\d+\.\d+/);
    expect(icrBinary(['--output', 'xml', '-c', 'ps']).code).toBe(2);
  });

  it('reads a script from stdin when stdin is not a terminal', () => {
    const result = icrBinary(['-r', 'docker'], {}, 'let n = (version | count)\necho "runtimes: $n"\n');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('runtimes: 1\n');
    expect(result.code).toBe(0);
  });

  it('runs a pipeline against docker from a real process', () => {
    const result = icrBinary(['-r', 'docker', '-o', 'json', '-c', 'version']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(jsonFrom(result.stdout)).toEqual([
      expect.objectContaining({ kind: 'version', runtime: 'docker', plugin: 'docker' }),
    ]);
  });
});
