import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isVerb } from './capabilities.ts';
import { type PluginSpec, pluginModuleName } from './config.ts';
import { type RuntimePlugin, SDK_VERSION } from './plugin.ts';

export interface PluginLoadProblem {
  /** The module as written in the config. */
  module: string;
  /** The config file that named it, or null for built-in defaults. */
  source: string | null;
  message: string;
  /** The configured runtime this problem leaves out, when it is about one. */
  runtime?: string;
}

export interface LoadedPlugins {
  plugins: Map<string, RuntimePlugin<Record<string, unknown>>>;
  problems: PluginLoadProblem[];
}

export interface LoadPluginsOptions {
  /** Directories module names are resolved from, in order (the config file's dir first). */
  resolveFrom: string[];
  /** Config file that named the plugins, for messages. */
  source: string | null;
}

/**
 * Loads each plugin on its own: one that is missing, throws on import or
 * targets another SDK major is reported and skipped, and never stops the others.
 */
export async function loadPlugins(specs: PluginSpec[], options: LoadPluginsOptions): Promise<LoadedPlugins> {
  const plugins = new Map<string, RuntimePlugin<Record<string, unknown>>>();
  const problems: PluginLoadProblem[] = [];
  const loaded = await Promise.all(specs.map((spec) => loadOne(pluginModuleName(spec), options)));
  for (const result of loaded) {
    if ('problem' in result) problems.push(result.problem);
    else if (plugins.has(result.plugin.name)) {
      problems.push({
        module: result.module,
        source: options.source,
        message: `plugin name "${result.plugin.name}" is already taken by another plugin`,
      });
    } else plugins.set(result.plugin.name, result.plugin);
  }
  return { plugins, problems };
}

type LoadOneResult =
  | { module: string; plugin: RuntimePlugin<Record<string, unknown>> }
  | { problem: PluginLoadProblem };

async function loadOne(module: string, options: LoadPluginsOptions): Promise<LoadOneResult> {
  const fail = (message: string): LoadOneResult => ({ problem: { module, source: options.source, message } });
  const resolved = resolveModule(module, options.resolveFrom);
  if (!resolved) return fail(`cannot find plugin "${module}" (looked from ${options.resolveFrom.join(', ')})`);
  let exported: unknown;
  try {
    const namespace = (await import(pathToFileURL(resolved).href)) as { default?: unknown; plugin?: unknown };
    exported = namespace.default ?? namespace.plugin;
  } catch (error) {
    return fail(
      `plugin "${module}" failed to load: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
  const shapeProblem = describeShapeProblem(exported);
  if (shapeProblem) return fail(`plugin "${module}" ${shapeProblem}`);
  const plugin = exported as RuntimePlugin<Record<string, unknown>>;
  if (plugin.sdkVersion !== SDK_VERSION) {
    return fail(
      `plugin "${module}" targets icr SDK ${plugin.sdkVersion}, but this icr provides SDK ${SDK_VERSION}; upgrade the plugin or icr`,
    );
  }
  return { module, plugin };
}

function resolveModule(module: string, resolveFrom: string[]): string | null {
  const isPath = module.startsWith('.') || path.isAbsolute(module);
  for (const base of resolveFrom) {
    try {
      const require = createRequire(path.join(base, 'noop.js'));
      return isPath ? require.resolve(path.resolve(base, module)) : require.resolve(module);
    } catch {
      // try the next base
    }
  }
  return null;
}

function describeShapeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null)
    return 'does not export a plugin (export default defineRuntimePlugin({...}))';
  const plugin = value as Partial<RuntimePlugin>;
  if (typeof plugin.name !== 'string' || !/^[a-z][a-z0-9_-]*$/.test(plugin.name)) return 'has no valid "name"';
  if (typeof plugin.sdkVersion !== 'number') return 'does not declare "sdkVersion"';
  if (!Array.isArray(plugin.capabilities)) return 'does not declare "capabilities"';
  const unknown = plugin.capabilities.filter((verb) => typeof verb !== 'string' || !isVerb(verb));
  if (unknown.length > 0) return `declares unknown capabilities: ${unknown.join(', ')}`;
  for (const method of ['defaultOptions', 'detect', 'connect', 'describeEndpoint'] as const) {
    if (typeof plugin[method] !== 'function') return `has no "${method}" function`;
  }
  return null;
}
