import { cancelled, type IcrError, isIcrError, normalizeRuntimeError, type RuntimeClient } from '@icr/core';
import { BulkFailure, type ItemFailure } from '../../execution/control.ts';
import type { CommandContext } from '../command.ts';
import { toInt } from './coerce.ts';
import { resolveTargets, type Target } from './targets.ts';

/** One per item of a bulk action (the `result` record type). */
export interface ResultRecord {
  kind: 'result';
  id: string;
  name: string;
  runtime: string;
  action: string;
  ok: boolean;
  error: string | null;
}

export type PerformAction = (client: RuntimeClient, target: Target, signal: AbortSignal) => Promise<void>;

/**
 * Runs `perform` on every target with bounded concurrency and yields one
 * result record per target, in input order. Every target is tried; if any
 * failed, the command fails afterwards, so the failure is never lost.
 */
export async function* runBulk(
  context: CommandContext,
  action: string,
  perform: PerformAction,
): AsyncIterable<ResultRecord> {
  const targets = await resolveTargets(context);
  const parallel = Math.max(1, toInt(await context.flag('parallel'), '--parallel'));
  const dryRun = (await context.flag('dry-run')) === true;
  if (dryRun) {
    for (const target of targets) {
      yield result(target, `${action} (dry run)`, target.error ?? null);
    }
    return;
  }
  await confirmIfNeeded(context, action, targets);
  const outcomes = runLimited(targets, parallel, (target) => attempt(context, target, perform));
  const failures: ItemFailure[] = [];
  for (const [index, outcome] of outcomes.entries()) {
    const error = await outcome;
    const target = targets[index] as Target;
    if (error) failures.push({ name: target.name, error: error.message });
    yield result(target, action, error);
  }
  if (context.signal.aborted) throw cancelled();
  if (failures.length > 0) throw new BulkFailure(action, failures.length, targets.length, failures);
}

function result(target: Target, action: string, error: IcrError | null): ResultRecord {
  return {
    kind: 'result',
    id: target.id,
    name: target.name,
    runtime: target.runtime,
    action,
    ok: error === null,
    error: error ? error.message : null,
  };
}

async function attempt(context: CommandContext, target: Target, perform: PerformAction): Promise<IcrError | null> {
  if (target.error) return target.error;
  try {
    if (context.signal.aborted) throw cancelled(target.runtime);
    const client = await context.session.registry.connect(target.runtime, context.signal);
    await client.call(() => perform(client, target, context.signal));
    return null;
  } catch (error) {
    return isIcrError(error) ? error : normalizeRuntimeError(error, target.runtime);
  }
}

/** Starts at most `limit` tasks at a time; the promises settle in any order but are returned in input order. */
export function runLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R>[] {
  let running = 0;
  const queue: Array<() => void> = [];
  const release = () => {
    running -= 1;
    queue.shift()?.();
  };
  return items.map(
    (item) =>
      new Promise<R>((resolve, reject) => {
        const start = () => {
          running += 1;
          task(item).then(resolve, reject).finally(release);
        };
        if (running < limit) start();
        else queue.push(start);
      }),
  );
}

/** In the REPL, acting destructively on more than one container asks first (unless -y). */
async function confirmIfNeeded(context: CommandContext, action: string, targets: Target[]): Promise<void> {
  const { confirm } = context.session;
  if (!context.bound.signature.destructive || targets.length <= 1 || !confirm) return;
  if ((await context.flag('yes')) === true) return;
  const names = targets.map((target) => target.name).slice(0, 5);
  const more = targets.length > names.length ? ` and ${targets.length - names.length} more` : '';
  const ok = await confirm(
    `${action} ${targets.length} containers (${names.join(', ')}${more})? [y/N] `,
    context.signal,
  );
  if (!ok) throw cancelled();
}
