import path from 'node:path';
import { type IcrConfig, type LoadedConfig, loadConfig, type PluginSpec } from './config.ts';
import { IcrError, notFound } from './errors.ts';
import type { RuntimePlugin } from './plugin.ts';
import { type LoadedPlugins, loadPlugins, type PluginLoadProblem } from './plugin-loader.ts';
import { normalizeRuntimeError, RuntimeClient } from './runtime-client.ts';

/** The four plugins icr ships, loaded when the config names no runtimes. */
export const FIRST_PARTY_PLUGINS = [
  '@icr/plugin-docker',
  '@icr/plugin-containerd',
  '@icr/plugin-crio',
  '@icr/plugin-runc',
] as const;

export interface RuntimeEntry {
  name: string;
  plugin: RuntimePlugin<Record<string, unknown>>;
  options: Record<string, unknown>;
  /** true when the user configured this runtime explicitly (then it counts as detected). */
  configured: boolean;
  endpoint: string;
}

export interface OpenRegistryOptions {
  cwd?: string;
  configPath?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Where first-party plugins are resolved from (the icr binary's own package). */
  builtinResolveFrom?: string[];
  /** Plugins loaded in addition to those the config names; defaults to the first-party four. */
  builtinPlugins?: readonly string[];
}

/**
 * Configured runtimes, built from the config file and the loaded plugins.
 * Connections are opened lazily, once per runtime, and closed together.
 */
export class RuntimeRegistry {
  readonly config: LoadedConfig;
  readonly entries: Map<string, RuntimeEntry>;
  readonly problems: PluginLoadProblem[];
  readonly env: NodeJS.ProcessEnv;
  private readonly clients = new Map<string, Promise<RuntimeClient>>();
  private explicitDefault: string | null;

  constructor(
    config: LoadedConfig,
    entries: Map<string, RuntimeEntry>,
    problems: PluginLoadProblem[],
    env: NodeJS.ProcessEnv,
  ) {
    this.config = config;
    this.entries = entries;
    this.problems = problems;
    this.env = env;
    // The environment overrides the config file, as DOCKER_HOST overrides docker's config; `use` overrides both.
    this.explicitDefault = env.ICR_RUNTIME || config.config.default || null;
  }

  static async open(options: OpenRegistryOptions = {}): Promise<RuntimeRegistry> {
    const env = options.env ?? process.env;
    const cwd = options.cwd ?? process.cwd();
    const configPath = options.configPath ?? env.ICR_CONFIG ?? undefined;
    const loaded = await loadConfig({ cwd, configPath });
    const configDir = loaded.filepath ? path.dirname(loaded.filepath) : cwd;
    const builtin = options.builtinPlugins ?? FIRST_PARTY_PLUGINS;
    const fromConfig = loaded.config.plugins ?? [];
    const builtinLoaded = await loadPlugins([...builtin], {
      resolveFrom: [...(options.builtinResolveFrom ?? []), configDir, cwd],
      source: null,
    });
    const configLoaded = await loadPlugins(fromConfig, { resolveFrom: [configDir, cwd], source: loaded.filepath });
    const merged: LoadedPlugins = {
      plugins: new Map([...builtinLoaded.plugins, ...configLoaded.plugins]),
      problems: [...builtinLoaded.problems, ...configLoaded.problems],
    };
    const entries = buildEntries(loaded.config, merged, env, loaded.filepath);
    return new RuntimeRegistry(loaded, entries.entries, [...merged.problems, ...entries.problems], env);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  get(name: string): RuntimeEntry {
    const entry = this.entries.get(name);
    if (!entry) {
      throw notFound(`unknown runtime "${name}"`, {
        hint: `configured runtimes: ${this.names().join(', ') || '(none)'}`,
      });
    }
    return entry;
  }

  /** Runtimes whose endpoint exists locally (configured ones always count). */
  async detected(): Promise<RuntimeEntry[]> {
    const checks = await Promise.all(
      [...this.entries.values()].map(async (entry) => {
        if (entry.configured) return entry;
        try {
          return (await entry.plugin.detect(entry.options, this.env)) ? entry : null;
        } catch {
          return null;
        }
      }),
    );
    return checks.filter((entry): entry is RuntimeEntry => entry !== null);
  }

  setDefault(name: string): void {
    this.get(name);
    this.explicitDefault = name;
  }

  /** The chosen default (`use`, else ICR_RUNTIME, else the config's) or else the first detected runtime. */
  async defaultRuntime(): Promise<string> {
    const chosen = this.explicitDefault;
    if (chosen) return this.get(chosen).name;
    const detected = await this.detected();
    const first = detected[0];
    if (!first) {
      throw new IcrError('unreachable', 'no container runtime found', {
        hint: `none of ${this.names().join(', ')} has its socket or binary here; configure one in icr.config.json or pass --runtime`,
      });
    }
    return first.name;
  }

  /** The explicit default only, without probing; null when none was chosen. */
  get chosenDefault(): string | null {
    return this.explicitDefault;
  }

  async connect(name: string, signal?: AbortSignal): Promise<RuntimeClient> {
    const entry = this.get(name);
    let pending = this.clients.get(name);
    if (!pending) {
      pending = entry.plugin
        .connect(entry.options, { runtimeName: entry.name, env: this.env, signal })
        .then((handle) => new RuntimeClient(entry.name, entry.plugin, entry.endpoint, handle));
      this.clients.set(name, pending);
      pending.catch(() => this.clients.delete(name));
    }
    try {
      return await pending;
    } catch (error) {
      throw normalizeRuntimeError(error, entry.name);
    }
  }

  async close(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.allSettled(clients.map(async (pending) => (await pending).close()));
  }
}

function buildEntries(
  config: IcrConfig,
  loaded: LoadedPlugins,
  env: NodeJS.ProcessEnv,
  source: string | null,
): { entries: Map<string, RuntimeEntry>; problems: PluginLoadProblem[] } {
  const entries = new Map<string, RuntimeEntry>();
  const problems: PluginLoadProblem[] = [];
  const configured = config.runtimes ?? {};
  const addEntry = (
    name: string,
    plugin: RuntimePlugin<Record<string, unknown>>,
    options: Record<string, unknown>,
    isConfigured: boolean,
  ) => {
    entries.set(name, { name, plugin, options, configured: isConfigured, endpoint: plugin.describeEndpoint(options) });
  };
  for (const [name, runtime] of Object.entries(configured)) {
    const plugin = loaded.plugins.get(runtime.plugin);
    if (!plugin) {
      problems.push({
        module: runtime.plugin,
        source,
        runtime: name,
        message: `runtime "${name}" uses plugin "${runtime.plugin}", which is not loaded (known plugins: ${[...loaded.plugins.keys()].join(', ') || 'none'})`,
      });
      continue;
    }
    addEntry(name, plugin, { ...plugin.defaultOptions(env), ...(runtime.options ?? {}) }, true);
  }
  // Plugins with no configured runtime still get one under their own name, so
  // `-r docker` works without a config file.
  const usedPlugins = new Set(Object.values(configured).map((runtime) => runtime.plugin));
  for (const plugin of loaded.plugins.values()) {
    if (usedPlugins.has(plugin.name) || entries.has(plugin.name)) continue;
    addEntry(plugin.name, plugin, plugin.defaultOptions(env), false);
  }
  return { entries, problems };
}

export type { PluginSpec };
