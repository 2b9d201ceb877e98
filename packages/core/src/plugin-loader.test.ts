import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isIcrError } from './errors.ts';
import { SDK_VERSION } from './plugin.ts';
import { loadPlugins } from './plugin-loader.ts';
import { RuntimeRegistry } from './runtime-registry.ts';

/** A plugin module as a third party would publish it, written to disk so the real import path is exercised. */
function pluginSource(name: string, overrides = ''): string {
  return `export default {
  name: ${JSON.stringify(name)},
  sdkVersion: ${SDK_VERSION},
  description: 'test plugin',
  capabilities: ['version', 'ps', 'inspect'],
  defaultOptions: (env) => ({ socket: env.FAKE_SOCKET ?? '/nonexistent/${name}.sock' }),
  detect: async (options) => options.socket === '/exists',
  describeEndpoint: (options) => 'unix://' + options.socket,
  connect: async (options, context) => ({
    version: async () => ({ kind: 'version', runtime: context.runtimeName, plugin: ${JSON.stringify(name)}, product: 'fake', version: '1', apiVersion: null, endpoint: options.socket, raw: null }),
    listContainers: async () => [],
    inspectContainer: async (ref) => { throw new Error('no ' + ref); },
    close: async () => {},
  }),
  ${overrides}
};
`;
}

const temporaryDirs: string[] = [];
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}

function dirWith(files: Record<string, string>): string {
  const dir = temporaryDir('icr-plugins-');
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

describe('loadPlugins', () => {
  it('loads a plugin by path and reports each broken one without stopping the others', async () => {
    const dir = dirWith({
      'good.mjs': pluginSource('good'),
      'old.mjs': pluginSource('old', `sdkVersion: ${SDK_VERSION + 1},`),
      'throws.mjs': 'throw new Error("kaboom at import");',
      'shapeless.mjs': 'export default 42;',
      'badcaps.mjs': pluginSource('badcaps', "capabilities: ['ps', 'teleport'],"),
    });
    const result = await loadPlugins(
      ['./good.mjs', './old.mjs', './throws.mjs', './shapeless.mjs', './badcaps.mjs', 'icr-plugin-does-not-exist'],
      { resolveFrom: [dir], source: path.join(dir, 'icr.config.json') },
    );
    expect([...result.plugins.keys()]).toEqual(['good']);
    const byModule = Object.fromEntries(result.problems.map((problem) => [problem.module, problem.message]));
    expect(byModule['./old.mjs']).toMatch(
      new RegExp(`targets icr SDK ${SDK_VERSION + 1}.*provides SDK ${SDK_VERSION}`),
    );
    expect(byModule['./throws.mjs']).toContain('kaboom at import');
    expect(byModule['./shapeless.mjs']).toContain('does not export a plugin');
    expect(byModule['./badcaps.mjs']).toContain('unknown capabilities: teleport');
    expect(byModule['icr-plugin-does-not-exist']).toContain('cannot find plugin');
    for (const problem of result.problems) expect(problem.message).not.toContain('\n');
  });

  it('rejects two plugins with the same name', async () => {
    const dir = dirWith({ 'a.mjs': pluginSource('same'), 'b.mjs': pluginSource('same') });
    const result = await loadPlugins(['./a.mjs', './b.mjs'], { resolveFrom: [dir], source: null });
    expect(result.plugins.size).toBe(1);
    expect(result.problems[0]?.message).toContain('already taken');
  });
});

describe('RuntimeRegistry', () => {
  it('builds named runtimes from the config and connects lazily', async () => {
    const dir = dirWith({
      'fake.mjs': pluginSource('fake'),
      'icr.config.json': JSON.stringify({
        plugins: ['./fake.mjs'],
        runtimes: { one: { plugin: 'fake', options: { socket: '/one' } }, two: { plugin: 'fake' } },
        default: 'two',
      }),
    });
    const registry = await RuntimeRegistry.open({ cwd: dir, builtinPlugins: [], env: { FAKE_SOCKET: '/env' } });
    expect(registry.problems).toEqual([]);
    expect(registry.names()).toEqual(['one', 'two']);
    expect(registry.get('one').endpoint).toBe('unix:///one');
    expect(registry.get('two').options).toEqual({ socket: '/env' });
    expect(await registry.defaultRuntime()).toBe('two');
    const overridden = await RuntimeRegistry.open({ cwd: dir, builtinPlugins: [], env: { ICR_RUNTIME: 'one' } });
    expect(await overridden.defaultRuntime()).toBe('one');
    overridden.setDefault('two');
    expect(await overridden.defaultRuntime()).toBe('two');
    const client = await registry.connect('one');
    expect((await client.method('version')()).runtime).toBe('one');
    expect(client.supports('pause')).toBe(false);
    expect(() => client.method('pause')).toThrowError(/does not support "pause"/);
    const error = await client.call(() => client.method('inspect')('web')).catch((caught: unknown) => caught);
    expect(isIcrError(error, 'runtime-error') && error.runtime === 'one').toBe(true);
    await registry.close();
  });

  it('without runtimes in the config, gives each plugin a runtime and detects by endpoint', async () => {
    const dir = dirWith({ 'a.mjs': pluginSource('alpha'), 'b.mjs': pluginSource('beta') });
    writeFileSync(path.join(dir, '.icrrc.json'), JSON.stringify({ plugins: ['./a.mjs', './b.mjs'] }));
    const registry = await RuntimeRegistry.open({ cwd: dir, builtinPlugins: [], env: { FAKE_SOCKET: '/exists' } });
    expect(registry.names()).toEqual(['alpha', 'beta']);
    expect((await registry.detected()).map((entry) => entry.name)).toEqual(['alpha', 'beta']);
    expect(await registry.defaultRuntime()).toBe('alpha');
    const none = await RuntimeRegistry.open({ cwd: dir, builtinPlugins: [], env: {} });
    expect(await none.detected()).toEqual([]);
    await expect(none.defaultRuntime()).rejects.toMatchObject({ code: 'unreachable' });
    expect(() => none.get('gamma')).toThrowError(/unknown runtime "gamma"/);
  });

  it('reports a runtime whose plugin is not loaded, naming the config file', async () => {
    const dir = dirWith({ 'icr.config.json': JSON.stringify({ runtimes: { x: { plugin: 'nosuch' } } }) });
    const registry = await RuntimeRegistry.open({ cwd: dir, builtinPlugins: [], env: {} });
    expect(registry.problems).toHaveLength(1);
    expect(registry.problems[0]?.source).toBe(path.join(dir, 'icr.config.json'));
    expect(registry.problems[0]?.message).toContain('plugin "nosuch", which is not loaded');
  });
});
