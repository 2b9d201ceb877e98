import { type IcrError, isIcrError, normalizeRuntimeError, notFound } from '@icr/core';
import { toText } from '../../execution/values.ts';
import type { CommandContext } from '../command.ts';
import { type RuntimeSelection, selectRuntimes } from './runtimes.ts';

/** One container a lifecycle command acts on, already tied to its runtime. */
export interface Target {
  runtime: string;
  /** What is passed to the plugin: the id when known. */
  ref: string;
  id: string;
  name: string;
  /** Set when the container could not even be found; the action is then reported as failed. */
  error?: IcrError;
}

/** A record coming down the pipe that names a container on a runtime (container, result, exec records). */
function targetFromRecord(value: Record<string, unknown>): Target | null {
  const runtime = value.runtime;
  const id = value.kind === 'exec' ? value.containerId : value.id;
  if (typeof runtime !== 'string' || typeof id !== 'string') return null;
  const name = typeof value.name === 'string' ? value.name : id;
  return { runtime, ref: id, id, name };
}

/**
 * Containers from the pipe (each dispatched to its own record's runtime) and
 * from positional names/ids (looked up on the selected runtimes).
 */
export async function resolveTargets(context: CommandContext, positionals?: unknown[]): Promise<Target[]> {
  const refs: string[] = [];
  const targets: Target[] = [];
  const take = (value: unknown) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      for (const item of value) take(item);
      return;
    }
    if (typeof value === 'object' && !(value instanceof Date)) {
      const target = targetFromRecord(value as Record<string, unknown>);
      if (!target) throw notFound(`cannot act on a ${toText((value as { kind?: unknown }).kind ?? 'record')} record`);
      targets.push(target);
      return;
    }
    refs.push(toText(value));
  };
  for (const value of positionals ?? (await context.positionals())) take(value);
  if (context.input) for await (const item of context.input) take(item);
  if (refs.length > 0) {
    const selection = await selectRuntimes(context);
    const resolved = await Promise.all(refs.map((ref) => resolveRef(context, selection, ref)));
    targets.push(...resolved);
  }
  return targets;
}

async function resolveRef(context: CommandContext, selection: RuntimeSelection, ref: string): Promise<Target> {
  let lastError: IcrError | undefined;
  for (const runtime of selection.names) {
    try {
      const client = await context.session.registry.connect(runtime, context.signal);
      if (!client.supports('inspect')) return { runtime, ref, id: ref, name: ref };
      const record = await client.call(() => client.method('inspect')(ref, { signal: context.signal }));
      return { runtime, ref: record.id, id: record.id, name: record.name };
    } catch (error) {
      const normalized = isIcrError(error) ? error : normalizeRuntimeError(error, runtime);
      if (normalized.code === 'cancelled') throw normalized;
      // Unreachable on a single named runtime is a whole-command failure (exit 3), not a per-item one.
      if (normalized.code === 'unreachable' && !selection.all) throw normalized;
      lastError = normalized;
    }
  }
  const runtime = selection.names.length === 1 ? (selection.names[0] as string) : selection.names.join(',');
  return {
    runtime,
    ref,
    id: ref,
    name: ref,
    error: lastError ?? notFound(`no such container: ${ref}`, { runtime }),
  };
}
