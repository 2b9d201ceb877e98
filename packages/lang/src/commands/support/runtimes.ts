import { type IcrError, isIcrError, normalizeRuntimeError, type RuntimeClient } from '@icr/core';
import { toText } from '../../execution/values.ts';
import type { CommandContext } from '../command.ts';

export interface RuntimeSelection {
  names: string[];
  /** `-r all`: unreachable runtimes are skipped with a warning instead of failing. */
  all: boolean;
}

/** Which runtimes `-r/--runtime` names (the session default when absent). */
export async function selectRuntimes(context: CommandContext): Promise<RuntimeSelection> {
  const given = context.has('runtime') ? await context.flag('runtime') : null;
  const registry = context.session.registry;
  if (given === null || given === undefined || given === '') {
    return { names: [context.session.defaultRuntime], all: false };
  }
  const words = (Array.isArray(given) ? given.map(toText) : toText(given).split(','))
    .map((word) => word.trim())
    .filter(Boolean);
  if (words.includes('all')) {
    const detected = await registry.detected();
    return { names: detected.map((entry) => entry.name), all: true };
  }
  for (const word of words) registry.get(word);
  return { names: [...new Set(words)], all: false };
}

export interface PerRuntime<T> {
  runtime: string;
  value?: T;
  error?: IcrError;
}

/**
 * Calls `operation` on every selected runtime at once. With `all`, a runtime
 * that cannot be reached becomes a warning; otherwise the first error is thrown.
 */
export async function onEachRuntime<T>(
  context: CommandContext,
  selection: RuntimeSelection,
  operation: (client: RuntimeClient) => Promise<T>,
): Promise<T[]> {
  const settled = await Promise.all(
    selection.names.map(async (runtime): Promise<PerRuntime<T>> => {
      try {
        const client = await context.session.registry.connect(runtime, context.signal);
        return { runtime, value: await client.call(() => operation(client)) };
      } catch (error) {
        const normalized = isIcrError(error) ? error : normalizeRuntimeError(error, runtime);
        return { runtime, error: normalized };
      }
    }),
  );
  const values: T[] = [];
  for (const result of settled) {
    if (result.error) {
      const skippable = selection.all && (result.error.code === 'unreachable' || result.error.code === 'unsupported');
      if (!skippable || context.signal.aborted) throw result.error;
      context.warn(
        `${result.runtime}: ${result.error.message} (skipped)${result.error.hint ? `\n  hint: ${result.error.hint}` : ''}`,
      );
      continue;
    }
    values.push(result.value as T);
  }
  return values;
}
