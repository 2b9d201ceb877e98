/**
 * Error UX of the built `icr` binary against the lab: every bad input gets a
 * short message (file:line:col and a caret where there is source, a hint),
 * the documented exit status, and never a stack trace.
 *
 * Exit statuses: 0 ok, 1 run-time/assert failure, 2 usage/parse/check/config
 * error (nothing ran), 3 runtime unreachable.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SDK_VERSION } from '@icr/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab } from '../../../test/support/lab.ts';
import { buildLang, type IcrResult, icrBinary, uniqueName } from './support/icr.ts';

const STACK_TRACE = /\n\s+at /;
const dir = mkdtempSync(path.join(tmpdir(), 'icr-errors-'));
const label = uniqueName('icr-errors');

interface LabRuntimes {
  runtimes: Record<string, { plugin: string; options: Record<string, unknown> }>;
}

function labRuntimes(): LabRuntimes['runtimes'] {
  return (JSON.parse(readFileSync(lab().configPath, 'utf8')) as LabRuntimes).runtimes;
}

function writeFile(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

function writeConfig(name: string, config: unknown): string {
  return writeFile(name, JSON.stringify(config, null, 2));
}

/** The common bar for every error: the exit status, a short stderr, no stack trace anywhere. */
function expectError(result: IcrResult, code: number): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).not.toMatch(STACK_TRACE);
  expect(result.stdout).not.toMatch(STACK_TRACE);
  expect(result.stderr).not.toContain('Error:');
  expect(result.stderr.split('\n').length, result.stderr).toBeLessThan(25);
}

beforeAll(() => buildLang(), 180_000);

afterAll(() => {
  icrBinary(['-r', 'docker', '-c', `ps -a | where labels.icrtest == "${label}" | rm -f`]);
});

describe('command-line usage', () => {
  it('rejects an unknown option with a did-you-mean, not the whole usage text', () => {
    const typo = icrBinary(['--runtim', 'docker', '-c', 'ps']);
    expectError(typo, 2);
    expect(typo.stderr).toBe('icr: unknown option --runtim\nhint: did you mean --runtime?\n');
    const unknown = icrBinary(['--frobnicate']);
    expectError(unknown, 2);
    expect(unknown.stderr).toMatch(/^icr: unknown option --frobnicate\nhint: icr --help lists the options/);
  });

  it('says which option lacks its value, also when the next word is another option', () => {
    for (const flag of ['--runtime', '-r', '--output', '-o', '--config', '-c']) {
      const result = icrBinary([flag]);
      expectError(result, 2);
      expect(result.stderr).toMatch(new RegExp(`^icr: ${flag} needs a value\\nhint: give .*: ${flag} \\S+`));
    }
    const swallowed = icrBinary(['-r', '-o', 'json', '-c', 'ps']);
    expectError(swallowed, 2);
    expect(swallowed.stderr).toContain('-r needs a value, but the next word is the option -o');
  });

  it('rejects a bad --output value, suggesting the near one', () => {
    const result = icrBinary(['-o', 'jsn', '-c', 'ps']);
    expectError(result, 2);
    expect(result.stderr).toContain('--output must be one of table, json, yaml, ids, not "jsn"');
    expect(result.stderr).toContain('hint: did you mean json?');
  });

  it('explains a script file that is missing, a directory, or behind a non-directory', () => {
    const missing = icrBinary(['run', path.join(dir, 'nope.icr')]);
    expectError(missing, 2);
    expect(missing.stderr).toContain(`icr: cannot read ${path.join(dir, 'nope.icr')}: no such file\nhint: `);
    const directory = icrBinary(['run', dir]);
    expectError(directory, 2);
    expect(directory.stderr).toContain(`cannot read ${dir}: it is a directory`);
    const file = writeFile('plain.txt', 'x');
    const unreadable = icrBinary(['check', path.join(file, 'x.icr')]);
    expectError(unreadable, 2);
    expect(unreadable.stderr).toContain('a part of the path is not a directory');
  });

  it('icr check reports every error of a script at once, each with file:line:col, caret and hint', () => {
    const file = writeFile('several.icr', 'ps | wher status == running\nps --al\nps | get stauts\nsleep abc\n');
    const result = icrBinary(['check', file]);
    expectError(result, 2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${file}:1:6: error: unknown command 'wher'`);
    expect(result.stderr).toContain('hint: did you mean where?');
    expect(result.stderr).toContain(`${file}:2:4: error: unknown flag --al for 'ps'`);
    expect(result.stderr).toContain('hint: did you mean --all?');
    expect(result.stderr).toContain(`${file}:3:10: error: container records have no field 'stauts'`);
    expect(result.stderr).toContain(`${file}:4:7: error: 'sleep' expects a duration`);
    expect(result.stderr).toContain('  ps --al\n     ^~~~');
  });

  it('reports each parse error once, not the cascade after it', () => {
    const file = writeFile('parse.icr', 'let x = )\nlet y = ]\n');
    const result = icrBinary(['check', file]);
    expectError(result, 2);
    expect(result.stderr.match(/error:/g)).toHaveLength(2);
    expect(result.stderr).toContain(`${file}:1:9: error:`);
    expect(result.stderr).toContain(`${file}:2:9: error:`);
  });

  it('an unclosed block at the end of a script points after its last visible token, not at an empty line', () => {
    const file = writeFile('unclosed.icr', 'if true {\n  echo a\n\n');
    const result = icrBinary(['run', file]);
    expectError(result, 2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${file}:2:9: error: expected '}', found end of input\n    echo a\n          ^\n`);
    expect(result.stderr).toContain('hint: the input ended early');
  });

  it('rejects an unknown subcommand, suggesting the near one or -c', () => {
    const typo = icrBinary(['chek', 'x.icr']);
    expectError(typo, 2);
    expect(typo.stderr).toBe('icr: unknown subcommand "chek"\nhint: did you mean check?\n');
    const pipeline = icrBinary(['ps']);
    expectError(pipeline, 2);
    expect(pipeline.stderr).toContain(`to run a pipeline: icr -c 'ps ...'`);
  });
});

describe('config', () => {
  it('names the config file and what is wrong in it: missing, JSON, YAML, unknown key', () => {
    const missing = icrBinary(['--config', path.join(dir, 'absent.json'), '-c', 'ps']);
    expectError(missing, 2);
    expect(missing.stderr).toBe(
      `error: ${path.join(dir, 'absent.json')}: no such file\nhint: check the path given by --config or ICR_CONFIG\n`,
    );
    const json = writeFile('broken.json', '{"runtimes": {\n');
    const badJson = icrBinary(['--config', json, '-c', 'ps']);
    expectError(badJson, 2);
    expect(badJson.stderr).toMatch(new RegExp(`^error: ${json}: .*JSON.*line 2`));
    expect(badJson.stderr).toContain('hint: fix the config file');
    const yaml = writeFile('broken.yaml', 'runtimes:\n  docker: [\n    plugin: x\n');
    const badYaml = icrBinary(['--config', yaml, '-c', 'ps']);
    expectError(badYaml, 2);
    expect(badYaml.stderr).toMatch(new RegExp(`^error: ${yaml}: .*flow collection \\(\\d+:\\d+\\)\\n`));
    const key = writeConfig('key.json', { runtims: {} });
    const unknownKey = icrBinary(['--config', key, '-c', 'ps']);
    expectError(unknownKey, 2);
    expect(unknownKey.stderr).toContain(`error: ${key}: unknown key "runtims" (expected plugins, runtimes or default)`);
  });

  it('a broken plugin or runtime entry is one warning line naming the file; the other runtimes still work', () => {
    const pluginDir = path.join(dir, 'plugins');
    mkdirSync(pluginDir, { recursive: true });
    writeFileSync(path.join(pluginDir, 'throws.mjs'), 'throw new Error("kaboom at import");\n');
    writeFileSync(
      path.join(pluginDir, 'future.mjs'),
      `export default { name: 'future', sdkVersion: ${SDK_VERSION + 1}, description: 'x', capabilities: ['version'],
  defaultOptions: () => ({}), detect: async () => false, describeEndpoint: () => 'x', connect: async () => ({}) };\n`,
    );
    const config = path.join(pluginDir, 'icr.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        plugins: ['./throws.mjs', './future.mjs'],
        runtimes: { docker: labRuntimes().docker, ghost: { plugin: 'nosuchplugin' } },
        default: 'docker',
      }),
    );
    const result = icrBinary(['--config', config, '-o', 'json', '-c', 'version | get runtime']);
    expectError(result, 0);
    expect(JSON.parse(result.stdout)).toEqual(['docker']);
    const warnings = result.stderr.trim().split('\n');
    expect(warnings).toHaveLength(3);
    expect(warnings).toEqual([
      `warning: ${config}: plugin "./throws.mjs" failed to load: kaboom at import`,
      expect.stringMatching(
        new RegExp(
          `^warning: ${config}: plugin "./future.mjs" targets icr SDK ${SDK_VERSION + 1}, but this icr provides SDK ${SDK_VERSION}`,
        ),
      ),
      expect.stringMatching(
        new RegExp(`^warning: ${config}: runtime "ghost" uses plugin "nosuchplugin", which is not loaded`),
      ),
    ]);

    const listed = icrBinary(['--config', config, '-o', 'json', '-c', 'runtimes | select name reachable error']);
    expectError(listed, 0);
    const rows = JSON.parse(listed.stdout) as Array<{ name: string; reachable: boolean; error: string | null }>;
    expect(rows.find((row) => row.name === 'docker')).toMatchObject({ reachable: true, error: null });
    expect(rows.find((row) => row.name === 'ghost')?.error).toContain('"nosuchplugin", which is not loaded');
    expect(rows.find((row) => row.name === './throws.mjs')?.error).toContain('kaboom at import');
    expect(rows.find((row) => row.name === './future.mjs')?.error).toContain(`targets icr SDK ${SDK_VERSION + 1}`);

    const ghost = icrBinary(['--config', config, '-r', 'ghost', '-c', 'ps']);
    expectError(ghost, 2);
    expect(ghost.stderr).toContain('error: unknown runtime "ghost"\nhint: runtime "ghost" uses plugin "nosuchplugin"');
  });

  it('a plugin that throws a TypeError at run time: its message and a hint, the stack only with ICR_DEBUG', () => {
    const pluginDir = path.join(dir, 'buggy');
    mkdirSync(pluginDir, { recursive: true });
    writeFileSync(
      path.join(pluginDir, 'buggy.mjs'),
      `export default { name: 'buggy', sdkVersion: ${SDK_VERSION}, description: 'x', capabilities: ['version'],
  defaultOptions: () => ({}), detect: async () => true, describeEndpoint: () => 'unix:///buggy.sock',
  connect: async () => ({ version: async () => null.field, close: async () => {} }) };\n`,
    );
    const config = path.join(pluginDir, 'icr.config.json');
    writeFileSync(config, JSON.stringify({ plugins: ['./buggy.mjs'], runtimes: { bug: { plugin: 'buggy' } } }));
    const result = icrBinary(['--config', config, '-r', 'bug', '-c', 'version']);
    expectError(result, 1);
    expect(result.stderr).toMatch(/^<command>:1:1: error: bug: Cannot read properties of null/);
    expect(result.stderr).toContain("hint: this looks like a bug in the bug runtime's plugin; ICR_DEBUG=1 shows");
    const debug = icrBinary(['--config', config, '-r', 'bug', '-c', 'version'], { ICR_DEBUG: '1' });
    expect(debug.stderr).toMatch(/\n\s+at .*buggy\.mjs/);
  });

  it('names where an unknown default runtime came from', () => {
    const config = writeConfig('default.json', { runtimes: { docker: labRuntimes().docker }, default: 'dockre' });
    const result = icrBinary(['--config', config, '-c', 'ps']);
    expectError(result, 2);
    expect(result.stderr).toBe(
      `error: unknown runtime "dockre" (from the "default" of ${config})\nhint: did you mean docker?\n`,
    );
  });
});

describe('runtimes', () => {
  const deadConfig = () => {
    const live = labRuntimes();
    return writeConfig('dead.json', {
      runtimes: {
        docker: { plugin: 'docker', options: { ...live.docker?.options, host: `unix://${dir}/no-docker.sock` } },
        containerd: {
          plugin: 'containerd',
          options: { ...live.containerd?.options, address: `${dir}/no-containerd.sock` },
        },
        crio: { plugin: 'crio', options: { ...live.crio?.options, endpoint: `unix://${dir}/no-crio.sock` } },
        runc: { plugin: 'runc', options: { ...live.runc?.options, binary: `${dir}/no-runc` } },
      },
    });
  };

  it.each([
    ['docker', 'no-docker.sock', /hint: .*dockerd/],
    ['containerd', 'no-containerd.sock', /hint: check that containerd is running/],
    ['crio', 'no-crio.sock', /hint: check that the CRI runtime/],
    ['runc', 'no-runc', /hint: install .*no-runc or set "binary"/],
  ])('%s with a missing socket/binary exits 3 naming it, with a hint', (runtime, missing, hint) => {
    const result = icrBinary(['--config', deadConfig(), '-r', runtime, '-c', 'ps']);
    expectError(result, 3);
    expect(result.stderr).toMatch(new RegExp(`^<command>:1:1: error: ${runtime}: cannot reach \\S*${missing}`));
    expect(result.stderr).toMatch(hint);
    // The socket's absence said in words, not as a gRPC transcript.
    expect(result.stderr).not.toContain('Resolution note');
    expect(result.stderr).not.toContain('ENOENT');
  });

  it('an unknown -r is a usage error with a did-you-mean, before anything runs', () => {
    const typo = icrBinary(['-r', 'dokcer', '-c', 'ps']);
    expectError(typo, 2);
    expect(typo.stderr).toBe('error: unknown runtime "dokcer"\nhint: did you mean docker?\n');
    const unknown = icrBinary(['-r', 'nosuch', '-c', 'ps']);
    expectError(unknown, 2);
    expect(unknown.stderr).toMatch(/hint: configured runtimes: docker, .*runc/);
    const inline = icrBinary(['-c', 'ps -r dokcer']);
    expectError(inline, 2);
    expect(inline.stderr).toContain("<command>:1:7: error: unknown runtime 'dokcer'\n  ps -r dokcer\n        ^~~~~~");
    const all = icrBinary(['-r', 'all', '-c', 'ps']);
    expectError(all, 2);
    expect(all.stderr).toContain("hint: give the commands -r all instead, e.g. icr -c 'ps -r all'");
  });

  it('-r all with one dead runtime warns naming its socket and still lists the others', () => {
    const live = labRuntimes();
    const config = writeConfig('mixed.json', {
      runtimes: {
        docker: live.docker,
        deadd: { plugin: 'docker', options: { ...live.docker?.options, host: `unix://${dir}/dead-docker.sock` } },
      },
      default: 'docker',
    });
    const result = icrBinary(['--config', config, '-o', 'json', '-c', 'version -r all | get runtime']);
    expectError(result, 0);
    const answered = JSON.parse(result.stdout) as string[];
    expect(answered).toContain('docker');
    expect(answered).not.toContain('deadd');
    expect(result.stderr).toContain(`warning: deadd: cannot reach unix://${dir}/dead-docker.sock`);
    expect(result.stderr).toMatch(/\(skipped\)\n {2}hint: is dockerd running\?/);
  });
});

describe('language', () => {
  it('unknown command, flag and field get a did-you-mean and a caret (exit 2, nothing ran)', () => {
    const command = icrBinary(['-c', 'pss']);
    expectError(command, 2);
    expect(command.stderr).toBe("<command>:1:1: error: unknown command 'pss'\n  pss\n  ^~~\nhint: did you mean ps?\n");
    const flag = icrBinary(['-c', 'ps --al']);
    expectError(flag, 2);
    expect(flag.stderr).toContain('hint: did you mean --all?');
    const field = icrBinary(['-c', 'ps | get stauts']);
    expectError(field, 2);
    expect(field.stderr).toContain('hint: did you mean status?');
  });

  it('wrong types: a check error for literals, a located run-time error for computed values', () => {
    const literal = icrBinary(['-c', 'sleep abc']);
    expectError(literal, 2);
    expect(literal.stderr).toContain("<command>:1:7: error: 'sleep' expects a duration (500ms, 5s, 2m, 1h), got 'abc'");
    const computed = icrBinary(['-c', 'let x = 2 * (1 - "a")']);
    expectError(computed, 1);
    expect(computed.stderr).toBe(
      '<command>:1:14: error: cannot apply - to number and string\n' +
        '  let x = 2 * (1 - "a")\n' +
        '               ^^^^^^^\n' +
        'hint: - works on numbers (and - on dates); + also joins text and lists\n',
    );
  });

  it('a failed assert shows the values it compared, and the message the script gave', () => {
    const file = writeFile(
      'assert.icr',
      'let status = "running"\nassert $status == "exited" "web should have exited"\n',
    );
    const result = icrBinary(['run', file]);
    expectError(result, 1);
    expect(result.stderr).toContain(
      `${file}:2:1: error: web should have exited (assertion failed: "running" == "exited" is false)`,
    );
    expect(result.stderr).toContain('  assert $status == "exited" "web should have exited"\n  ^^^^');
    const bare = icrBinary(['-c', 'let n = [1 2 3]; assert ($n | count) > 5']);
    expectError(bare, 1);
    expect(bare.stderr).toContain('error: assertion failed: 3 > 5 is false');
    const value = icrBinary(['-c', 'let ok = null; assert $ok']);
    expectError(value, 1);
    expect(value.stderr).toContain('error: assertion failed: $ok is null');
  });

  it('run-time errors inside each and for point at the failing command; try catches with code/message/runtime', () => {
    const missing = uniqueName('icr-absent');
    const inEach = icrBinary(['-r', 'docker', '-c', `echo ${missing} | each { inspect $it }`]);
    expectError(inEach, 1);
    expect(inEach.stderr).toContain(`<command>:1:${missing.length + 16}: error: docker: no such container: ${missing}`);
    const inFor = icrBinary(['-r', 'docker', '-c', `for x in [${missing}] { inspect $x }`]);
    expectError(inFor, 1);
    expect(inFor.stderr).toContain(`error: docker: no such container: ${missing}\n  for x in`);
    expect(inFor.stderr).toMatch(/\n {2}\s*\^{10}/);
    const caught = icrBinary([
      '-r',
      'docker',
      '-o',
      'json',
      '-c',
      `try { inspect ${missing} } catch err { echo {code: $err.code, message: $err.message, runtime: $err.runtime} }`,
    ]);
    expectError(caught, 0);
    expect(caught.stderr).toBe('');
    // Only the handler's output: the failed inspect wrote no empty `[]` document.
    expect(JSON.parse(caught.stdout)).toMatchObject([
      {
        code: 'not-found',
        message: `no such container: ${missing}`,
        runtime: 'docker',
      },
    ]);
  });

  it('exit N exits with N, silently; a bad code is a check error', () => {
    const seven = icrBinary(['-c', 'echo before; exit 7; echo after']);
    expect(seven.code).toBe(7);
    expect(seven.stdout).toBe('before\n');
    expect(seven.stderr).toBe('');
    const bad = icrBinary(['-c', 'exit 300']);
    expectError(bad, 2);
    expect(bad.stderr).toContain('exit codes are integers from 0 to 255, got 300');
  });
});

describe('lifecycle', () => {
  beforeAll(() => {
    const pulled = icrBinary(['-r', 'docker', '-c', `pull ${lab().testImage} | count`]);
    expect(pulled.code, pulled.stderr).toBe(0);
  });

  const runDetached = (name: string) => {
    const result = icrBinary([
      '-r',
      'docker',
      '-c',
      `run -d ${lab().testImage} --name ${name} -l icrtest=${label} --network none -- sleep 300 | count`,
    ]);
    expect(result.code, result.stderr).toBe(0);
  };

  it('a lifecycle command given no containers at all is a check error, not a silent success', () => {
    const result = icrBinary(['-r', 'docker', '-c', 'echo started; stop -t 1']);
    expectError(result, 2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      "<command>:1:15: error: 'stop' needs containers: names or ids, or container records piped in",
    );
    expect(result.stderr).toContain('hint: e.g. stop web, or ps -a | where status == exited | stop');
  });

  it('a missing container is not-found naming it, exit 1', () => {
    const missing = uniqueName('icr-absent');
    const result = icrBinary(['-r', 'docker', '-c', `inspect ${missing}`]);
    expectError(result, 1);
    expect(result.stderr).toBe(
      `<command>:1:1: error: docker: no such container: ${missing}\n  inspect ${missing}\n  ${'^'.repeat(8 + missing.length)}\n`,
    );
  });

  it('bulk stop and rm with one missing item: every item reported, the good ones done, exit 1 naming the failure', () => {
    const first = uniqueName('icr-err-bulk');
    const second = uniqueName('icr-err-bulk');
    const missing = uniqueName('icr-absent');
    runDetached(first);
    runDetached(second);

    const stopped = icrBinary(['-r', 'docker', '-o', 'json', '-c', `stop -t 1 ${first} ${missing} ${second}`]);
    expectError(stopped, 1);
    const stopRows = JSON.parse(stopped.stdout) as Array<{ name: string; ok: boolean; error: string | null }>;
    expect(stopRows.map((row) => [row.name, row.ok])).toEqual([
      [first, true],
      [missing, false],
      [second, true],
    ]);
    expect(stopRows[1]?.error).toBe(`no such container: ${missing}`);
    expect(stopped.stderr).toContain(`error: stop: 1 of 3 failed (no such container: ${missing})`);
    expect(stopped.stderr).toContain('hint: every item was tried');

    // Piped on, the results are gone from stdout: stderr alone still says which failed.
    const removed = icrBinary(['-r', 'docker', '-c', `rm ${first} ${missing} ${second} | count`]);
    expectError(removed, 1);
    expect(removed.stderr).toContain(`error: rm: 1 of 3 failed (no such container: ${missing})`);
    const left = icrBinary([
      '-r',
      'docker',
      '-c',
      `ps -a | where labels.icrtest == "${label}" | where name in [${first} ${second}] | count`,
    ]);
    expect(left.stdout.trim()).toBe('0');
  });
});
