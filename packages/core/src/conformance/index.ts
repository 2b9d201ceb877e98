/**
 * The conformance kit: behaviour every runtime plugin must show, written once
 * and run by each plugin's own test suite (ours and third parties').
 * It is framework-neutral: each check is a named async function that throws
 * on failure, so vitest, node:test or mocha can register them.
 *
 * ```ts
 * import { conformanceChecks } from '@icr/core/conformance';
 * for (const check of conformanceChecks({ plugin, options, image })) it(check.name, check.run, 120_000);
 * ```
 */
import { isIcrError } from '../errors.ts';
import type { RuntimePlugin } from '../plugin.ts';
import { CONTAINER_STATUSES, type ContainerRecord } from '../records.ts';
import { RuntimeClient } from '../runtime-client.ts';

export interface ConformanceConfig<Options extends object> {
  plugin: RuntimePlugin<Options>;
  options: Options;
  /** An image the runtime can pull, with busybox `sh`, `echo`, `sleep`. */
  image: string;
  /** Runtime instance name used in records; default: the plugin name. */
  runtimeName?: string;
  env?: NodeJS.ProcessEnv;
  /** Prefix for created container names, so parallel runs do not collide. */
  namePrefix?: string;
}

export interface ConformanceCheck {
  name: string;
  run: () => Promise<void>;
}

class ConformanceFailure extends Error {
  override name = 'ConformanceFailure';
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceFailure(message);
}

async function expectCode(promise: Promise<unknown>, code: string, what: string): Promise<void> {
  const outcome = await promise.then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  assert(!outcome.ok, `${what}: expected an IcrError "${code}", but the call succeeded`);
  assert(
    isIcrError(outcome.error, code as never),
    `${what}: expected an IcrError "${code}", got ${describeError(outcome.error)}`,
  );
}

function describeError(error: unknown): string {
  if (isIcrError(error)) return `IcrError ${error.code}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    if (await probe()) return;
    assert(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

function assertContainerRecord(record: ContainerRecord, runtime: string, where: string): void {
  assert(record.kind === 'container', `${where}: kind must be "container"`);
  assert(record.runtime === runtime, `${where}: runtime must be "${runtime}", got "${record.runtime}"`);
  assert(typeof record.id === 'string' && record.id.length > 0, `${where}: id must be a non-empty string`);
  assert(typeof record.name === 'string', `${where}: name must be a string`);
  assert(CONTAINER_STATUSES.includes(record.status), `${where}: unknown status "${record.status}"`);
  assert(typeof record.labels === 'object' && record.labels !== null, `${where}: labels must be an object`);
  assert(Array.isArray(record.command), `${where}: command must be a list`);
  for (const field of ['createdAt', 'startedAt', 'finishedAt'] as const) {
    const value = record[field];
    assert(value === null || value instanceof Date, `${where}: ${field} must be a Date or null`);
  }
}

/** The checks for the verbs the plugin declares; undeclared verbs are checked to be absent or unsupported. */
export function conformanceChecks<Options extends object>(config: ConformanceConfig<Options>): ConformanceCheck[] {
  const runtime = config.runtimeName ?? config.plugin.name;
  const declared = new Set<string>(config.plugin.capabilities);
  const name = `${config.namePrefix ?? 'icr-conf'}-${Math.random().toString(36).slice(2, 8)}`;
  let clientPromise: Promise<RuntimeClient> | null = null;
  const client = () => {
    clientPromise ??= config.plugin
      .connect(config.options, { runtimeName: runtime, env: config.env ?? process.env })
      .then(
        (handle) =>
          new RuntimeClient(runtime, config.plugin as never, config.plugin.describeEndpoint(config.options), handle),
      );
    return clientPromise;
  };
  const has = (verb: string) => declared.has(verb);
  const checks: ConformanceCheck[] = [];
  const add = (checkName: string, run: () => Promise<void>) => checks.push({ name: checkName, run });

  add('declares the current SDK and a valid endpoint', async () => {
    assert(config.plugin.capabilities.includes('ps'), 'every runtime must support "ps"');
    assert(config.plugin.describeEndpoint(config.options).length > 0, 'describeEndpoint must name the endpoint');
  });

  add('version names the runtime and the endpoint', async () => {
    const version = await (await client()).method('version')();
    assert(version.kind === 'version' && version.runtime === runtime, 'version record must carry the runtime name');
    assert(version.version.length > 0, 'version must not be empty');
  });

  add('ps returns well-formed container records', async () => {
    const records = await (await client()).method('ps')({ all: true });
    assert(Array.isArray(records), 'listContainers must return a list');
    for (const record of records) assertContainerRecord(record, runtime, `ps record ${record.id}`);
  });

  add('an aborted signal cancels a call', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await (await client())
      .method('ps')({ all: true, signal: controller.signal })
      .then(
        () => 'resolved',
        (error: unknown) =>
          isIcrError(error, 'cancelled') || (error as Error)?.name === 'AbortError'
            ? 'cancelled'
            : describeError(error),
      );
    assert(outcome === 'cancelled', `listContainers with an aborted signal must reject as cancelled, got ${outcome}`);
  });

  add('inspect of a missing container is not-found', async () => {
    await expectCode((await client()).method('inspect')('icr-no-such-container-xyz'), 'not-found', 'inspect missing');
  });

  if (has('pull') && has('images')) {
    add('pull fetches the test image and images lists it', async () => {
      const c = await client();
      const image = await c.method('pull')(config.image);
      assert(image.kind === 'image' && image.runtime === runtime, 'pull must return an image record');
      const images = await c.method('images')();
      const repo = config.image.replace(/:[^:/]+$/, '');
      assert(
        images.some((candidate) => candidate.id === image.id || candidate.repoTags.some((tag) => tag.includes(repo))),
        `images must list ${config.image} after pull`,
      );
    });
  }

  if (has('create') && has('start') && has('rm')) {
    add('create, start, inspect, exec, logs, stop and rm a container', async () => {
      const c = await client();
      const created = await c.method('create')({
        image: config.image,
        name,
        command: ['sh', '-c', 'echo conformance-ready; exec sleep 300'],
        labels: { 'icr.conformance': 'yes' },
      });
      assertContainerRecord(created, runtime, 'created record');
      try {
        await c.method('start')(created.id);
        await waitUntil(
          'the container to run',
          async () => (await c.method('inspect')(created.id)).status === 'running',
        );
        const inspected = await c.method('inspect')(name);
        assert(inspected.id === created.id, 'inspect by name must find the container');
        assert(inspected.labels['icr.conformance'] === 'yes', 'labels must round-trip');
        assert(inspected.security !== null, 'inspect must fill the security block');
        const listed = await c.method('ps')({ all: false });
        assert(
          listed.some((record) => record.id === created.id),
          'ps must list the running container',
        );
        if (has('exec')) {
          const ok = await c.method('exec')(created.id, { command: ['echo', 'hi'] });
          assert(ok.exitCode === 0 && ok.stdout === 'hi\n', `exec echo: got ${JSON.stringify(ok)}`);
          const failed = await c.method('exec')(created.id, { command: ['sh', '-c', 'echo err >&2; exit 3'] });
          assert(failed.exitCode === 3 && failed.stderr === 'err\n', `exec exit 3: got ${JSON.stringify(failed)}`);
        }
        if (has('logs')) {
          await waitUntil('the log line', async () => {
            const lines: string[] = [];
            for await (const entry of c.method('logs')(created.id, {})) lines.push(entry.line);
            return lines.includes('conformance-ready');
          });
        }
        if (has('pause') && has('unpause')) {
          await c.method('pause')(created.id);
          assert((await c.method('inspect')(created.id)).status === 'paused', 'pause must leave the container paused');
          await c.method('unpause')(created.id);
          assert((await c.method('inspect')(created.id)).status === 'running', 'unpause must resume it');
        }
        if (has('stop')) {
          await c.method('stop')(created.id, { timeoutSeconds: 1 });
          assert((await c.method('inspect')(created.id)).status === 'exited', 'stop must leave the container exited');
          if (has('exec')) {
            const outcome = await c
              .method('exec')(created.id, { command: ['true'] })
              .then(
                () => 'succeeded',
                (error: unknown) => (isIcrError(error) ? error.code : describeError(error)),
              );
            assert(outcome !== 'succeeded', 'exec in a stopped container must fail');
          }
        }
      } finally {
        await c.method('rm')(created.id, { force: true });
      }
      await expectCode(c.method('inspect')(created.id), 'not-found', 'inspect after rm');
    });
  }

  if (has('kill') && has('wait') && has('create') && has('start')) {
    add('kill delivers a signal and wait reports the exit', async () => {
      const c = await client();
      const created = await c.method('create')({
        image: config.image,
        name: `${name}-k`,
        command: ['sleep', '300'],
      });
      try {
        await c.method('start')(created.id);
        await c.method('wait')(created.id, { for: 'running', timeoutMs: 30_000 });
        await c.method('kill')(created.id, { killSignal: 'SIGKILL' });
        const result = await c.method('wait')(created.id, { for: 'exited', timeoutMs: 30_000 });
        assert(result.status === 'exited', `wait must report exited, got ${result.status}`);
        assert(result.exitCode === 137, `a SIGKILLed sleep exits 137, got ${result.exitCode}`);
      } finally {
        await c.method('rm')(created.id, { force: true });
      }
    });
  }

  add('verbs not declared are not offered', async () => {
    const c = await client();
    for (const verb of ['pause', 'kill', 'restart', 'pods', 'exec', 'logs'] as const) {
      if (has(verb)) continue;
      let threw = false;
      try {
        c.method(verb);
      } catch (error) {
        threw = isIcrError(error, 'unsupported');
      }
      assert(threw, `"${verb}" is not declared, so it must be unsupported`);
    }
  });

  add('close releases the handle', async () => {
    if (!clientPromise) return;
    const { handle } = await clientPromise;
    await handle.close();
    await handle.close();
    clientPromise = null;
  });

  return checks;
}
