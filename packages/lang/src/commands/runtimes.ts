import { isIcrError, type PluginLoadProblem, type RuntimeEntry } from '@icr/core';
import type { CommandModule } from './command.ts';

/** How long a version call may take before the runtime counts as unreachable. */
const PROBE_TIMEOUT_MS = 3000;

export const runtimes: CommandModule = {
  signature: {
    name: 'runtimes',
    category: 'info',
    description: 'configured and detected runtimes, whether each answers, and what it supports',
    examples: ['runtimes', 'runtimes | where reachable | select name version'],
    flags: [],
    positionals: [],
    input: 'nothing',
    output: 'runtime',
    destructive: false,
    verb: null,
    usesRuntime: false,
  },
  async *run(context) {
    const { registry } = context.session;
    const detected = new Set((await registry.detected()).map((entry) => entry.name));
    const rows = await Promise.all(
      [...registry.entries.values()].map((entry) =>
        describe(context.session.defaultRuntime, entry, detected, context.signal, registry),
      ),
    );
    yield* rows;
    // Runtimes and plugins that failed to load are listed too, with why.
    for (const problem of registry.problems) yield problemRow(problem);
  },
};

function problemRow(problem: PluginLoadProblem) {
  return {
    kind: 'runtime',
    name: problem.runtime ?? problem.module,
    plugin: problem.module,
    endpoint: null,
    default: false,
    detected: false,
    reachable: false,
    version: null,
    capabilities: [] as string[],
    error: problem.source ? `${problem.message} (in ${problem.source})` : problem.message,
  };
}

async function describe(
  defaultRuntime: string,
  entry: RuntimeEntry,
  detected: Set<string>,
  signal: AbortSignal,
  registry: { connect(name: string, signal?: AbortSignal): Promise<import('@icr/core').RuntimeClient> },
) {
  const row = {
    kind: 'runtime',
    name: entry.name,
    plugin: entry.plugin.name,
    endpoint: entry.endpoint,
    default: entry.name === defaultRuntime,
    detected: detected.has(entry.name),
    reachable: false,
    version: null as string | null,
    capabilities: [...entry.plugin.capabilities],
    error: null as string | null,
  };
  if (!row.detected) {
    row.error = 'not detected';
    return row;
  }
  const probe = AbortSignal.any([signal, AbortSignal.timeout(PROBE_TIMEOUT_MS)]);
  try {
    // The race guards against a plugin that does not honour the signal.
    const version = await withDeadline(
      (async () => {
        const client = await registry.connect(entry.name, probe);
        return client.call(() => client.method('version')({ signal: probe }));
      })(),
      probe,
    );
    row.reachable = true;
    row.version = version.version;
  } catch (error) {
    row.error = isIcrError(error) ? error.message : error instanceof Error ? error.message : String(error);
  }
  return row;
}

function withDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000}s`));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
