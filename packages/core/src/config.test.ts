import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { IcrError } from './errors.ts';

const temporaryDirs: string[] = [];
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}

function project(files: Record<string, string>): string {
  const dir = temporaryDir('icr-config-');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const expected = { default: 'lab', runtimes: { lab: { plugin: 'docker', options: { host: 'unix:///tmp/x.sock' } } } };
const asJson = JSON.stringify(expected);
const asYaml = 'default: lab\nruntimes:\n  lab:\n    plugin: docker\n    options:\n      host: unix:///tmp/x.sock\n';
const asModule = `export default ${asJson};\n`;

describe('config discovery', () => {
  const forms: Array<[string, string]> = [
    ['icr.config.json', asJson],
    ['icr.config.yaml', asYaml],
    ['icr.config.yml', asYaml],
    ['icr.config.js', asModule],
    ['icr.config.mjs', asModule],
    [
      'icr.config.ts',
      `const config: { default: string } & Record<string, unknown> = ${asJson};\nexport default config;\n`,
    ],
    ['.icrrc', asYaml],
    ['.icrrc.json', asJson],
    ['.icrrc.yaml', asYaml],
    ['.icrrc.mjs', asModule],
    ['package.json', JSON.stringify({ name: 'x', type: 'module', icr: expected })],
  ];
  for (const [file, content] of forms) {
    it(`finds ${file}`, async () => {
      const extra = file === 'package.json' ? {} : { 'package.json': '{"type":"module"}' };
      const dir = project({ ...extra, [file]: content });
      const loaded = await loadConfig({ cwd: dir });
      expect(loaded.filepath).toBe(path.join(dir, file));
      expect(loaded.config).toEqual(expected);
    });
  }

  it('searches parent directories', async () => {
    const dir = project({ 'icr.config.json': asJson, 'sub/deeper/.keep': '' });
    const loaded = await loadConfig({ cwd: path.join(dir, 'sub/deeper') });
    expect(loaded.filepath).toBe(path.join(dir, 'icr.config.json'));
  });

  it('loads an explicit --config path', async () => {
    const dir = project({ 'elsewhere/my.yaml': asYaml });
    const loaded = await loadConfig({ cwd: dir, configPath: 'elsewhere/my.yaml' });
    expect(loaded.config.default).toBe('lab');
  });
});

describe('bad config', () => {
  async function errorOf(files: Record<string, string>, file: string): Promise<IcrError> {
    const dir = project(files);
    const error = await loadConfig({ cwd: dir }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(IcrError);
    const icrError = error as IcrError;
    expect(icrError.code).toBe('invalid-argument');
    expect(icrError.message).toContain(path.join(dir, file));
    expect(icrError.message).not.toContain('\n');
    return icrError;
  }

  it('reports a JSON syntax error naming the file on one line', async () => {
    const error = await errorOf({ 'icr.config.json': '{ "default": ' }, 'icr.config.json');
    // What is wrong, not cosmiconfig's "JSON Error in FILE:" header.
    expect(error.message).toMatch(/icr\.config\.json: .*JSON/);
    expect(error.message).not.toContain('JSON Error in');
  });

  it('reports a YAML syntax error naming the file', async () => {
    const error = await errorOf({ '.icrrc.yaml': 'runtimes: [\n  - a: b\n' }, '.icrrc.yaml');
    expect(error.message).toMatch(/\.icrrc\.yaml: .*\(\d+:\d+\)$/);
  });

  it('says "no such file" for an explicit config path that does not exist', async () => {
    const dir = temporaryDir('icr-config-');
    const error = await loadConfig({ configPath: path.join(dir, 'absent.json') }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'invalid-argument',
      message: `${path.join(dir, 'absent.json')}: no such file`,
      hint: 'check the path given by --config or ICR_CONFIG',
    });
  });

  it('reports an unknown key', async () => {
    const error = await errorOf({ 'icr.config.json': '{"runtime": "docker"}' }, 'icr.config.json');
    expect(error.message).toContain('unknown key "runtime"');
  });

  it('reports a runtime without a plugin', async () => {
    const error = await errorOf({ 'icr.config.json': '{"runtimes": {"a": {"options": {}}}}' }, 'icr.config.json');
    expect(error.message).toContain('runtime "a" needs a "plugin"');
  });

  it('reports a module config that throws', async () => {
    await errorOf(
      { 'package.json': '{"type":"module"}', 'icr.config.mjs': 'throw new Error("boom")' },
      'icr.config.mjs',
    );
  });
});
