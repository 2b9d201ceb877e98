import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cosmiconfig, defaultLoaders } from 'cosmiconfig';
import { IcrError } from './errors.ts';

/** One named runtime: a plugin plus the options it connects with (socket path, binary, namespace...). */
export interface RuntimeConfigEntry {
  plugin: string;
  options?: Record<string, unknown>;
}

export type PluginSpec = string | { module: string };

/** The shape of icr.config.*, .icrrc* and the "icr" key of package.json. */
export interface IcrConfig {
  /** Extra plugin modules (package names, or paths relative to the config file). */
  plugins?: PluginSpec[];
  /** Named runtimes. When absent, each loaded plugin gets one runtime of its own name with default options. */
  runtimes?: Record<string, RuntimeConfigEntry>;
  /** The runtime used when a command names none. */
  default?: string;
}

export interface LoadedConfig {
  /** null when no config file was found. */
  filepath: string | null;
  config: IcrConfig;
}

export const CONFIG_MODULE_NAME = 'icr';

export const CONFIG_SEARCH_PLACES = [
  'package.json',
  '.icrrc',
  '.icrrc.json',
  '.icrrc.yaml',
  '.icrrc.yml',
  '.icrrc.js',
  '.icrrc.mjs',
  '.icrrc.ts',
  'icr.config.js',
  'icr.config.mjs',
  'icr.config.ts',
  'icr.config.json',
  'icr.config.yaml',
  'icr.config.yml',
];

export interface LoadConfigOptions {
  cwd?: string;
  /** An explicit file (`--config` or ICR_CONFIG); disables the search. */
  configPath?: string | undefined;
}

export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const explorer = cosmiconfig(CONFIG_MODULE_NAME, {
    searchPlaces: CONFIG_SEARCH_PLACES,
    searchStrategy: 'global',
    // Node >= 22.12 strips types itself; cosmiconfig's own .ts loader needs the TypeScript JS API.
    loaders: { ...defaultLoaders, '.ts': loadNativeModule },
  });
  let result: Awaited<ReturnType<typeof explorer.search>>;
  const where = options.configPath ? path.resolve(options.cwd ?? process.cwd(), options.configPath) : null;
  try {
    result = where ? await explorer.load(where) : await explorer.search(options.cwd ?? process.cwd());
  } catch (error) {
    const file = where ?? (error as { filepath?: string }).filepath ?? 'icr config';
    throw new IcrError('invalid-argument', `${file}: ${firstLine(error)}`, {
      hint:
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'check the path given by --config or ICR_CONFIG'
          : 'fix the config file, or pass another with --config',
      cause: error,
    });
  }
  if (!result || result.isEmpty) return { filepath: result?.filepath ?? null, config: {} };
  const config = validateConfig(result.config, result.filepath);
  return { filepath: result.filepath, config };
}

/** One line saying what is wrong: cosmiconfig's "JSON Error in FILE:" header and quoted source are dropped. */
function firstLine(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a config file';
  if (code === 'EACCES') return 'permission denied';
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n').filter((line) => line.trim() !== '');
  const meaningful = /^(JSON|YAML) Error in /.test(lines[0] ?? '') ? (lines[1] ?? lines[0]) : lines[0];
  return (meaningful ?? message).replace(/ while parsing .*$/, '').trim();
}

function validateConfig(value: unknown, file: string): IcrConfig {
  const fail = (what: string) =>
    new IcrError('invalid-argument', `${file}: ${what}`, { hint: 'see docs/plugins.md for the config format' });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail('the config must be an object');
  const config = value as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!['plugins', 'runtimes', 'default'].includes(key)) {
      throw fail(`unknown key "${key}" (expected plugins, runtimes or default)`);
    }
  }
  if (config.plugins !== undefined) {
    if (!Array.isArray(config.plugins)) throw fail('"plugins" must be a list');
    for (const spec of config.plugins) {
      const ok =
        typeof spec === 'string' ||
        (typeof spec === 'object' && spec !== null && typeof (spec as { module?: unknown }).module === 'string');
      if (!ok) throw fail('each entry of "plugins" must be a module name or { module: name }');
    }
  }
  if (config.runtimes !== undefined) {
    if (typeof config.runtimes !== 'object' || config.runtimes === null || Array.isArray(config.runtimes)) {
      throw fail('"runtimes" must be an object of name: { plugin, options }');
    }
    for (const [name, entry] of Object.entries(config.runtimes)) {
      if (!/^[a-z][a-z0-9_-]*$/i.test(name))
        throw fail(`runtime name "${name}" must be a word (letters, digits, - and _)`);
      if (typeof entry !== 'object' || entry === null || typeof (entry as { plugin?: unknown }).plugin !== 'string') {
        throw fail(`runtime "${name}" needs a "plugin" name`);
      }
      const options = (entry as { options?: unknown }).options;
      if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
        throw fail(`runtime "${name}": "options" must be an object`);
      }
    }
  }
  if (config.default !== undefined && typeof config.default !== 'string')
    throw fail('"default" must be a runtime name');
  return config as IcrConfig;
}

export function pluginModuleName(spec: PluginSpec): string {
  return typeof spec === 'string' ? spec : spec.module;
}

async function loadNativeModule(filepath: string): Promise<unknown> {
  const namespace = (await import(pathToFileURL(filepath).href)) as { default?: unknown };
  return namespace.default ?? namespace;
}
