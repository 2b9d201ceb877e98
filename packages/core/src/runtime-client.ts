import type { Verb } from './capabilities.ts';
import { IcrError, isIcrError, unsupported } from './errors.ts';
import { type RuntimeHandle, type RuntimePlugin, VERB_METHODS, type VerbMethod } from './plugin.ts';

/**
 * The handle as icr uses it: verbs the plugin did not declare fail with a typed
 * `unsupported` error, and anything a plugin throws that is not an IcrError is
 * wrapped as `runtime-error` carrying the runtime name, so nothing reaches the
 * user as a bare stack trace.
 */
export class RuntimeClient {
  readonly name: string;
  readonly plugin: RuntimePlugin<Record<string, unknown>>;
  readonly endpoint: string;
  readonly handle: RuntimeHandle;

  constructor(name: string, plugin: RuntimePlugin<Record<string, unknown>>, endpoint: string, handle: RuntimeHandle) {
    this.name = name;
    this.plugin = plugin;
    this.endpoint = endpoint;
    this.handle = handle;
  }

  supports(verb: Verb): boolean {
    return this.plugin.capabilities.includes(verb) && typeof this.handle[VERB_METHODS[verb]] === 'function';
  }

  /** The bound method for a verb, or an `unsupported` error naming the runtime. */
  method<V extends Verb>(verb: V): VerbMethod<V> {
    if (!this.supports(verb)) {
      throw unsupported(`${this.name} (plugin ${this.plugin.name}) does not support "${verb}"`, {
        runtime: this.name,
        hint: `run "runtimes" to see what each runtime supports`,
      });
    }
    const key = VERB_METHODS[verb];
    const fn = this.handle[key] as (...args: unknown[]) => unknown;
    return fn.bind(this.handle) as VerbMethod<V>;
  }

  /** Runs a plugin call and normalises whatever it throws. */
  async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw this.normalizeError(error);
    }
  }

  normalizeError(error: unknown): IcrError {
    return normalizeRuntimeError(error, this.name);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Whatever a plugin threw, as an IcrError that names the runtime. */
export function normalizeRuntimeError(error: unknown, runtime: string): IcrError {
  if (isIcrError(error)) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new IcrError('cancelled', 'cancelled', { runtime, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new IcrError('runtime-error', message, { runtime, cause: error });
}
