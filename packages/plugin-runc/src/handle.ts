import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CallOptions,
  type ContainerRecord,
  type CreateContainerSpec,
  cancelled,
  conflict,
  type ExecOptions,
  type ExecResult,
  IcrError,
  type ImageRecord,
  invalidArgument,
  isIcrError,
  type KillOptions,
  type ListContainersOptions,
  type LogEntry,
  type LogsOptions,
  notFound,
  type OciSpec,
  type PullOptions,
  type RemoveOptions,
  type RuntimeHandle,
  type RuntimeVersion,
  runtimeError,
  type StopOptions,
  throwIfAborted,
  timeout,
  unsupported,
  type WaitOptions,
  type WaitResult,
} from '@icr/core';
import { RegistryClient } from '@icr/core/oci';
import { type ContainerMeta, ContainerStore } from './container-store.ts';
import { ImageStore, type StoredImage } from './image-store.ts';
import { readLog } from './logs.ts';
import { describeEndpoint, type ResolvedOptions } from './options.ts';
import { type ContainerSnapshot, containerRecord, imageRecord, statusOf } from './records.ts';
import { cleanRuntimeMessage, RuncCli, type RuncState } from './runc-cli.ts';
import { buildSpec, resolveUser, type UserDatabase } from './spec.ts';
import type { SupervisorConfig } from './supervisor.ts';
import { unpackLayers } from './unpack.ts';

const START_TIMEOUT_MS = 60_000;
const POLL_MS = 100;

/** The supervisor next to this module: .ts when running from source, .js from dist. */
function supervisorCommand(): string[] {
  const isSource = import.meta.url.endsWith('.ts');
  const file = fileURLToPath(new URL(isSource ? './supervisor.ts' : './supervisor.js', import.meta.url));
  return isSource ? ['--experimental-strip-types', '--no-warnings', file] : [file];
}

export class RuncHandle implements RuntimeHandle {
  readonly #options: ResolvedOptions;
  readonly #runtime: string;
  readonly #cli: RuncCli;
  readonly #images: ImageStore;
  readonly #containers: ContainerStore;
  readonly #registry: RegistryClient;

  constructor(options: ResolvedOptions, runtime: string) {
    this.#options = options;
    this.#runtime = runtime;
    this.#cli = new RuncCli(options, runtime);
    this.#images = new ImageStore(options.dataDir, runtime);
    this.#containers = new ContainerStore(options.dataDir, runtime);
    this.#registry = new RegistryClient({ insecure: options.insecureRegistries, runtime });
  }

  async version(options: CallOptions = {}): Promise<RuntimeVersion> {
    const { stdout } = await this.#cli.run(['--version'], { signal: options.signal }).then((result) => {
      if (result.exitCode !== 0) throw this.#cli.errorFrom(['--version'], result.stderr);
      return result;
    });
    // "runc version 1.1.5+ds1\ncommit: ...\nspec: 1.0.2-dev" (runsc prints the same shape).
    const first = /^(\S+) version (\S+)/m.exec(stdout);
    const spec = /^spec: (\S+)/m.exec(stdout);
    return {
      kind: 'version',
      runtime: this.#runtime,
      plugin: 'runc',
      product: first?.[1] ?? path.basename(this.#options.binary),
      version: first?.[2] ?? (stdout.trim().split('\n')[0] || 'unknown'),
      apiVersion: spec?.[1] ?? null,
      endpoint: describeEndpoint(this.#options),
      raw: stdout,
    };
  }

  async listContainers(options: ListContainersOptions = {}): Promise<ContainerRecord[]> {
    throwIfAborted(options.signal, this.#runtime);
    const states = new Map((await this.#cli.list(options.signal)).map((state) => [state.id, state]));
    const ids = new Set([...(await this.#containers.listIds()), ...states.keys()]);
    const records: ContainerRecord[] = [];
    for (const id of ids) {
      throwIfAborted(options.signal, this.#runtime);
      const snapshot = await this.#snapshot(id, states.get(id) ?? null);
      if (!snapshot.meta && !snapshot.state) continue;
      const record = containerRecord(this.#runtime, snapshot, false);
      if (!options.all && record.status !== 'running' && record.status !== 'paused') continue;
      records.push(record);
    }
    return records.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
  }

  async inspectContainer(ref: string, options: CallOptions = {}): Promise<ContainerRecord> {
    const id = await this.#resolve(ref, options.signal);
    return containerRecord(this.#runtime, await this.#snapshot(id, undefined, options.signal), true);
  }

  async createContainer(spec: CreateContainerSpec, options: CallOptions = {}): Promise<ContainerRecord> {
    const { signal } = options;
    throwIfAborted(signal, this.#runtime);
    if (spec.pod) throw unsupported('pods: the runc plugin has no pod sandboxes', { runtime: this.#runtime });
    if (spec.name !== undefined && (spec.name.length === 0 || /[\0\n]/.test(spec.name))) {
      throw invalidArgument(`invalid container name ${JSON.stringify(spec.name)}`, { runtime: this.#runtime });
    }
    const image = (await this.#images.find(spec.image)) ?? (await this.#pull(spec.image, { signal }));
    const id = this.#containers.newId();
    const name = spec.name ?? `runc-${id.slice(0, 12)}`;
    const paths = this.#containers.paths(id);
    await mkdir(paths.dir, { recursive: true, mode: 0o711 });
    let claimed = false;
    try {
      await this.#containers.claimName(name, id);
      claimed = true;
      throwIfAborted(signal, this.#runtime);
      await unpackLayers(paths.rootfs, this.#images.layerPaths(image));
      throwIfAborted(signal, this.#runtime);
      const ociSpec = buildSpec({ create: spec, image: image.config, id, users: await readUserDatabase(paths.rootfs) });
      await mkdir(path.join(paths.rootfs, ociSpec.process!.cwd!), { recursive: true });
      await writeFile(paths.config, `${JSON.stringify(ociSpec, null, 2)}\n`);
      const meta: ContainerMeta = {
        id,
        name,
        image: spec.image,
        imageId: image.id,
        labels: { ...(spec.labels ?? {}) },
        createdAt: new Date().toISOString(),
        network: spec.network ?? 'none',
        autoRemove: spec.autoRemove === true,
      };
      await this.#containers.writeMeta(meta);
    } catch (error) {
      if (claimed) await this.#containers.releaseName(name, id);
      await rm(paths.dir, { recursive: true, force: true });
      if (isIcrError(error))
        throw error.runtime ? error : new IcrError(error.code, error.message, { ...error, runtime: this.#runtime });
      if (signal?.aborted) throw cancelled(this.#runtime);
      throw runtimeError(`cannot create the container's bundle: ${(error as Error).message}`, {
        runtime: this.#runtime,
        cause: error,
      });
    }
    return containerRecord(this.#runtime, await this.#snapshot(id, null), true);
  }

  async startContainer(ref: string, options: CallOptions = {}): Promise<void> {
    const { signal } = options;
    const id = await this.#resolve(ref, signal);
    const snapshot = await this.#snapshot(id, undefined, signal);
    const { status } = statusOf(snapshot);
    if (status === 'running' || status === 'paused') return;
    if (!snapshot.meta)
      throw conflict(`container ${ref} was not created by icr and cannot be started`, { runtime: this.#runtime });
    if (snapshot.start && snapshot.supervising) {
      throw conflict(`container ${ref} is already starting or stopping`, { runtime: this.#runtime });
    }
    const paths = this.#containers.paths(id);
    await rm(paths.exit, { force: true });
    await rm(paths.pid, { force: true });
    const config: SupervisorConfig = {
      binary: this.#options.binary,
      runArgs: this.#cli.args(['run', '--bundle', paths.dir, '--pid-file', paths.pid, id], snapshot.meta.network),
      logPath: paths.log,
      exitPath: paths.exit,
      pidPath: paths.pid,
    };
    if (snapshot.meta.autoRemove) {
      config.autoRemove = {
        deleteArgs: this.#cli.args(['delete', '--force', id]),
        paths: [paths.dir, this.#containers.nameFile(snapshot.meta.name)],
      };
    }
    const supervisorLog = openSync(paths.supervisorLog, 'a');
    let supervisorPid: number | null = null;
    try {
      const child = spawn(process.execPath, [...supervisorCommand(), JSON.stringify(config)], {
        detached: true,
        stdio: ['ignore', supervisorLog, supervisorLog],
        cwd: paths.dir,
      });
      supervisorPid = child.pid ?? null;
      child.unref();
    } finally {
      closeSync(supervisorLog);
    }
    await writeFile(paths.started, `${JSON.stringify({ startedAt: new Date().toISOString(), supervisorPid })}\n`);
    await this.#awaitStart(id, ref, signal);
  }

  async stopContainer(ref: string, options: StopOptions = {}): Promise<void> {
    const { signal } = options;
    const id = await this.#resolve(ref, signal);
    const state = await this.#cli.state(id, signal);
    if (!state || state.status === 'stopped') {
      await this.#awaitExit(id, signal, 10_000);
      return;
    }
    if (state.status === 'paused') await this.#cli.check(['resume', id], { signal });
    const seconds = options.timeoutSeconds ?? 10;
    await this.#signal(id, osConstants.signals.SIGTERM, signal);
    if (await this.#awaitExit(id, signal, Math.max(0, seconds) * 1000)) return;
    await this.#signal(id, osConstants.signals.SIGKILL, signal);
    if (!(await this.#awaitExit(id, signal, 30_000))) {
      throw timeout(`container ${ref} did not exit after SIGKILL`, { runtime: this.#runtime });
    }
  }

  async killContainer(ref: string, options: KillOptions = {}): Promise<void> {
    const id = await this.#resolve(ref, options.signal);
    const number = signalNumber(options.killSignal ?? 'SIGKILL', this.#runtime);
    const state = await this.#cli.state(id, options.signal);
    if (!state || state.status === 'stopped') {
      throw conflict(`container ${ref} is not running`, { runtime: this.#runtime });
    }
    await this.#cli.check(['kill', id, String(number)], { signal: options.signal });
  }

  async restartContainer(ref: string, options: StopOptions = {}): Promise<void> {
    await this.stopContainer(ref, options);
    await this.startContainer(ref, { signal: options.signal });
  }

  async pauseContainer(ref: string, options: CallOptions = {}): Promise<void> {
    const id = await this.#resolve(ref, options.signal);
    await this.#requireRunning(id, ref, options.signal, ['running']);
    await this.#cli.check(['pause', id], { signal: options.signal });
  }

  async unpauseContainer(ref: string, options: CallOptions = {}): Promise<void> {
    const id = await this.#resolve(ref, options.signal);
    await this.#requireRunning(id, ref, options.signal, ['paused']);
    await this.#cli.check(['resume', id], { signal: options.signal });
  }

  async removeContainer(ref: string, options: RemoveOptions = {}): Promise<void> {
    const { signal } = options;
    const id = await this.#resolve(ref, signal);
    const snapshot = await this.#snapshot(id, undefined, signal);
    const { status } = statusOf(snapshot);
    if ((status === 'running' || status === 'paused') && !options.force) {
      throw conflict(`container ${ref} is ${status}; stop it first or remove it with force`, {
        runtime: this.#runtime,
      });
    }
    // `delete --force` on a running container is not enough: runsc gives up waiting for the
    // sandbox its own `run` still holds ("stopping container: context deadline exceeded") and
    // the supervisor would record the exit after we looked. So kill, let the supervisor record
    // the exit (the foreground `run` then forgets the container), and only then delete.
    if (status === 'running' || status === 'paused') await this.#kill(id, ref, signal);
    if (await this.#cli.state(id, signal)) {
      const result = await this.#cli.run(['delete', '--force', id], { signal });
      if (result.exitCode !== 0) {
        const error = this.#cli.errorFrom(['delete'], result.stderr);
        if (error.code !== 'not-found') throw error;
      }
    }
    // Let the supervisor record the exit before its directory goes away.
    if (snapshot.start) await this.#awaitExit(id, signal, 10_000);
    await this.#containers.remove(id, snapshot.meta?.name ?? null);
  }

  async exec(ref: string, options: ExecOptions): Promise<ExecResult> {
    const { signal } = options;
    if (!Array.isArray(options.command) || options.command.length === 0) {
      throw invalidArgument('exec needs a command', { runtime: this.#runtime });
    }
    const id = await this.#resolve(ref, signal);
    await this.#requireRunning(id, ref, signal, ['running']);
    const args = ['exec'];
    for (const [key, value] of Object.entries(options.env ?? {})) {
      if (!key || key.includes('=')) throw invalidArgument(`invalid environment variable name "${key}"`);
      args.push('--env', `${key}=${value}`);
    }
    if (options.workdir) args.push('--cwd', options.workdir);
    if (options.user) {
      const users = await readUserDatabase(this.#containers.paths(id).rootfs);
      const user = resolveUser(options.user, users);
      args.push('--user', `${user.uid}:${user.gid}`);
    }
    args.push(id, ...options.command);
    const meta = await this.#containers.readMeta(id);
    const result = await this.#cli.run(args, { signal, timeoutMs: options.timeoutMs, network: meta?.network });
    let { exitCode, stderr } = result;
    // The runtime's own failure (no such executable, ...) is reported like docker does: 126/127 plus the reason.
    if (
      result.stdout === '' &&
      (exitCode === 255 || exitCode === 128) &&
      /level=error msg=|^exec failed|runc exec failed|^executing processes for container/m.test(stderr)
    ) {
      const message = cleanRuntimeMessage(stderr);
      exitCode = /not found|no such file/i.test(message) ? 127 : 126;
      stderr = `${message}\n`;
    }
    return { kind: 'exec', runtime: this.#runtime, containerId: id, exitCode, stdout: result.stdout, stderr };
  }

  async *logs(ref: string, options: LogsOptions = {}): AsyncGenerator<LogEntry> {
    const id = await this.#resolve(ref, options.signal);
    const paths = this.#containers.paths(id);
    yield* readLog(paths.log, {
      tail: options.tail,
      since: options.since,
      follow: options.follow,
      signal: options.signal,
      onAbort: () => cancelled(this.#runtime),
      finished: async () => {
        const meta = await this.#containers.readMeta(id);
        if (!meta) return true;
        const { status } = statusOf(await this.#snapshot(id));
        return status === 'exited' || status === 'unknown';
      },
    });
  }

  async wait(ref: string, options: WaitOptions = {}): Promise<WaitResult> {
    const { signal } = options;
    const condition = options.for ?? 'exited';
    const id = await this.#resolve(ref, signal);
    const deadline = options.timeoutMs !== undefined ? Date.now() + options.timeoutMs : Number.POSITIVE_INFINITY;
    for (;;) {
      throwIfAborted(signal, this.#runtime);
      const snapshot = await this.#snapshot(id, undefined, signal);
      if (!snapshot.meta && !snapshot.state) {
        if (condition === 'removed') return { id, status: 'removed', exitCode: null };
        throw notFound(`no such container: ${ref} (it was removed while waiting)`, { runtime: this.#runtime });
      }
      const { status, exitCode } = statusOf(snapshot);
      if (condition === 'running' && (status === 'running' || status === 'exited')) return { id, status, exitCode };
      if (condition === 'exited' && status === 'exited') return { id, status, exitCode };
      if (Date.now() >= deadline) {
        throw timeout(
          `container ${ref} did not reach "${condition}" within ${options.timeoutMs} ms (it is ${status})`,
          {
            runtime: this.#runtime,
          },
        );
      }
      await sleep(POLL_MS);
    }
  }

  async listImages(options: CallOptions = {}): Promise<ImageRecord[]> {
    throwIfAborted(options.signal, this.#runtime);
    return (await this.#images.list()).map((image) => imageRecord(this.#runtime, image));
  }

  async pullImage(ref: string, options: PullOptions = {}): Promise<ImageRecord> {
    return imageRecord(this.#runtime, await this.#pull(ref, options));
  }

  async removeImage(ref: string, options: RemoveOptions = {}): Promise<void> {
    throwIfAborted(options.signal, this.#runtime);
    await this.#images.remove(ref);
  }

  async close(): Promise<void> {
    // Nothing is held open: every call is its own process, and supervisors belong to their containers.
  }

  async #pull(ref: string, options: PullOptions): Promise<StoredImage> {
    try {
      return await this.#images.pull(this.#registry, ref, { signal: options.signal, onProgress: options.onProgress });
    } catch (error) {
      if (isIcrError(error))
        throw error.runtime ? error : new IcrError(error.code, error.message, { ...error, runtime: this.#runtime });
      if (options.signal?.aborted) throw cancelled(this.#runtime);
      throw runtimeError(`pull of ${ref} failed: ${(error as Error).message}`, {
        runtime: this.#runtime,
        cause: error,
      });
    }
  }

  async #resolve(ref: string, signal: AbortSignal | undefined): Promise<string> {
    throwIfAborted(signal, this.#runtime);
    if (typeof ref !== 'string' || ref.length === 0) throw invalidArgument('a container reference is required');
    try {
      return await this.#containers.resolve(ref);
    } catch (error) {
      if (!isIcrError(error, 'not-found')) throw error;
      // Containers the runtime knows but icr did not create (made with the runc CLI under the same root).
      const states = await this.#cli.list(signal);
      return this.#containers.resolve(
        ref,
        states.map((state) => state.id),
      );
    }
  }

  /** `state` undefined: ask the runtime; null: the caller knows it has none. */
  async #snapshot(id: string, state?: RuncState | null, signal?: AbortSignal): Promise<ContainerSnapshot> {
    const current = state === undefined ? await this.#cli.state(id, signal) : state;
    const paths = this.#containers.paths(id);
    const [meta, exit, start, hasPid, specText] = await Promise.all([
      this.#containers.readMeta(id),
      this.#containers.readExit(id),
      this.#containers.readStart(id),
      this.#containers.hasPidFile(id),
      // A container made with the runtime's own CLI has its spec in its bundle.
      readFile(
        current?.bundle && !existsSync(paths.meta) ? path.join(current.bundle, 'config.json') : paths.config,
        'utf8',
      ).catch(() => null),
    ]);
    let spec: OciSpec | null = null;
    try {
      spec = specText ? (JSON.parse(specText) as OciSpec) : null;
    } catch {
      spec = null;
    }
    return {
      id,
      meta,
      state: current,
      exit,
      start,
      hasPid,
      supervising: start?.supervisorPid ? isAlive(start.supervisorPid) : false,
      spec,
    };
  }

  async #requireRunning(id: string, ref: string, signal: AbortSignal | undefined, allowed: string[]): Promise<void> {
    const { status } = statusOf(await this.#snapshot(id, undefined, signal));
    if (!allowed.includes(status)) {
      throw conflict(`container ${ref} is ${status}, not ${allowed.join(' or ')}`, { runtime: this.#runtime });
    }
  }

  async #signal(id: string, number: number, signal: AbortSignal | undefined): Promise<void> {
    const result = await this.#cli.run(['kill', id, String(number)], { signal });
    if (result.exitCode !== 0) {
      const error = this.#cli.errorFrom(['kill'], result.stderr);
      // The container may have exited between our look and the signal.
      if (error.code !== 'not-found' && error.code !== 'conflict') throw error;
    }
  }

  /** SIGKILL (a paused container is resumed first so the signal lands) and wait for the recorded exit. */
  async #kill(id: string, ref: string, signal: AbortSignal | undefined): Promise<void> {
    const state = await this.#cli.state(id, signal);
    if (state?.status === 'paused') {
      const result = await this.#cli.run(['resume', id], { signal });
      if (result.exitCode !== 0) {
        const error = this.#cli.errorFrom(['resume'], result.stderr);
        if (error.code !== 'not-found' && error.code !== 'conflict') throw error;
      }
    }
    if (state && state.status !== 'stopped') await this.#signal(id, osConstants.signals.SIGKILL, signal);
    if (!(await this.#awaitExit(id, signal, 30_000))) {
      throw timeout(`container ${ref} did not exit after SIGKILL`, { runtime: this.#runtime });
    }
  }

  /** Waits up to `ms` for the supervisor's exit record; true when the container has exited. */
  async #awaitExit(id: string, signal: AbortSignal | undefined, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    for (;;) {
      throwIfAborted(signal, this.#runtime);
      const snapshot = await this.#snapshot(id, undefined, signal);
      if (statusOf(snapshot).status === 'exited' || !snapshot.start) return true;
      if (Date.now() >= deadline) return false;
      await sleep(POLL_MS);
    }
  }

  /**
   * Returns once the runtime reports the container running. runc writes the
   * pid file after the process started; runsc writes it earlier, so the state
   * decides. A `run` that ends first failed if it never got that far, or if the
   * runtime's own error is in the log (a fast-exiting container has none).
   */
  async #awaitStart(id: string, ref: string, signal: AbortSignal | undefined): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      throwIfAborted(signal, this.#runtime);
      // An auto-remove container can run and vanish before we look.
      if (!(await this.#containers.readMeta(id))) return;
      const exit = await this.#containers.readExit(id);
      if (exit) {
        if (exit.error && /ENOENT|EACCES/.test(exit.error)) throw this.#cli.missingBinary();
        const failure = await this.#startFailure(id);
        if (!exit.started || failure.fromRuntime) {
          const reason = failure.message || `exit status ${exit.exitCode}`;
          throw runtimeError(`container ${ref} failed to start: ${reason}`, { runtime: this.#runtime });
        }
        return;
      }
      if (await this.#containers.hasPidFile(id)) {
        const state = await this.#cli.state(id, signal);
        if (state?.status === 'running' || state?.status === 'paused') return;
      }
      if (Date.now() >= deadline) {
        throw timeout(`container ${ref} did not start within ${START_TIMEOUT_MS / 1000} s`, { runtime: this.#runtime });
      }
      await sleep(POLL_MS / 2);
    }
  }

  /** The runtime's own error lines from the end of the log, and whether there were any. */
  async #startFailure(id: string): Promise<{ message: string; fromRuntime: boolean }> {
    const text = await readFile(this.#containers.paths(id).log, 'utf8').catch(() => '');
    const stderr: string[] = [];
    for (const entry of text.split('\n').slice(-20)) {
      const match = /^\S+ stderr (.*)$/.exec(entry);
      if (match) stderr.push(match[1]!);
    }
    // runc logs `level=error msg=...`; runsc prints `running container: ...`.
    const fromRuntime = stderr.some((line) => /level=(error|fatal)\s+msg=|^running container: /.test(line));
    return { message: cleanRuntimeMessage(stderr.join('\n')), fromRuntime };
  }
}

async function readUserDatabase(rootfs: string): Promise<UserDatabase> {
  const read = (file: string) => readFile(path.join(rootfs, 'etc', file), 'utf8').catch(() => null);
  return { passwd: await read('passwd'), group: await read('group') };
}

function signalNumber(name: string, runtime: string): number {
  if (/^\d+$/.test(name)) {
    const value = Number(name);
    if (value > 0 && value < 65) return value;
  }
  const upper = name.toUpperCase();
  const key = (upper.startsWith('SIG') ? upper : `SIG${upper}`) as keyof typeof osConstants.signals;
  const value = osConstants.signals[key];
  if (typeof value === 'number') return value;
  throw invalidArgument(`unknown signal "${name}"`, {
    runtime,
    hint: 'use a name such as SIGTERM, TERM, KILL or a number',
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
