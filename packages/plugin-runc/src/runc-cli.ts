import { cancelled, conflict, IcrError, notFound, runtimeError, unreachable } from '@icr/core';
import { execa } from 'execa';
import { type ContainerNetwork, globalArgs, type ResolvedOptions } from './options.ts';

/** One entry of `runc list -f json` / `runc state`. */
export interface RuncState {
  ociVersion?: string;
  id: string;
  pid?: number;
  /** created | running | pausing | paused | stopped */
  status: string;
  bundle?: string;
  rootfs?: string;
  created?: string;
  annotations?: Record<string, string>;
  owner?: string;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  network?: ContainerNetwork | undefined;
}

/**
 * The OCI runtime CLI, called with an argument array (never a shell). Every
 * invocation gets the global flags (`--root` and runsc's own) first.
 */
export class RuncCli {
  readonly options: ResolvedOptions;
  readonly runtime: string;

  constructor(options: ResolvedOptions, runtime: string) {
    this.options = options;
    this.runtime = runtime;
  }

  args(subcommand: string[], network?: ContainerNetwork): string[] {
    return [...globalArgs(this.options, network), ...subcommand];
  }

  /** Runs a subcommand and returns its outcome whatever the exit status. */
  async run(subcommand: string[], options: RunOptions = {}): Promise<RunResult> {
    if (options.signal?.aborted) throw cancelled(this.runtime);
    const result = await execa(this.options.binary, this.args(subcommand, options.network), {
      reject: false,
      stdin: 'ignore',
      stripFinalNewline: false,
      cancelSignal: options.signal,
      timeout: options.timeoutMs,
      forceKillAfterDelay: 2000,
    });
    if (result.isCanceled || options.signal?.aborted) throw cancelled(this.runtime);
    if (result.timedOut) {
      throw new IcrError('timeout', `${subcommand[0]} did not finish within ${options.timeoutMs} ms`, {
        runtime: this.runtime,
      });
    }
    if (result.exitCode === undefined) {
      const code = (result.cause as NodeJS.ErrnoException | undefined)?.code;
      if (code === 'ENOENT' || code === 'EACCES') throw this.missingBinary(code);
      throw runtimeError(`could not run ${this.options.binary}: ${result.shortMessage}`, { runtime: this.runtime });
    }
    return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
  }

  /** Runs a subcommand that must succeed; turns its stderr into a typed error. */
  async check(subcommand: string[], options: RunOptions = {}): Promise<string> {
    const result = await this.run(subcommand, options);
    if (result.exitCode !== 0) throw this.errorFrom(subcommand, result.stderr);
    return result.stdout;
  }

  async list(signal?: AbortSignal): Promise<RuncState[]> {
    const stdout = await this.check(['list', '--format', 'json'], { signal });
    const parsed = JSON.parse(stdout.trim() || 'null') as RuncState[] | null;
    return parsed ?? [];
  }

  /** The runtime's state of one container, or null when it has none. */
  async state(id: string, signal?: AbortSignal): Promise<RuncState | null> {
    const result = await this.run(['state', id], { signal });
    if (result.exitCode !== 0) {
      const error = this.errorFrom(['state', id], result.stderr);
      if (error.code === 'not-found') return null;
      throw error;
    }
    return JSON.parse(result.stdout) as RuncState;
  }

  missingBinary(code?: string): IcrError {
    return unreachable(this.options.binary, {
      runtime: this.runtime,
      detail: code === 'EACCES' ? 'not executable' : 'not found on PATH',
      hint: `install ${this.options.binary} or set "binary" in the runtime's options to the OCI runtime's path`,
    });
  }

  /** runc logs `level=error msg="..."`; runsc prints plain lines. Either becomes one clear sentence. */
  errorFrom(subcommand: string[], stderr: string): IcrError {
    const message = cleanRuntimeMessage(stderr) || `${this.options.binary} ${subcommand[0]} failed`;
    const what = `${this.options.binary} ${subcommand[0]}: ${message}`;
    if (/does not exist|no such container|not found|loading container.*no such file or directory/i.test(message)) {
      return notFound(what, { runtime: this.runtime });
    }
    if (/not running|is stopped|not paused|is paused|cannot exec|already exists|in use/i.test(message)) {
      return conflict(what, { runtime: this.runtime });
    }
    return runtimeError(what, { runtime: this.runtime });
  }
}

export function cleanRuntimeMessage(stderr: string): string {
  const messages: string[] = [];
  for (const line of stderr.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const logfmt = /level=(\w+)\s+msg="((?:[^"\\]|\\.)*)"/.exec(trimmed);
    if (logfmt) {
      if (logfmt[1] === 'error' || logfmt[1] === 'fatal') messages.push(logfmt[2]!.replace(/\\(.)/g, '$1'));
      continue;
    }
    // glog-style debug lines from runsc (W1126 07:49:59.123 ...) are noise here.
    if (/^[IWD]\d{4} /.test(trimmed)) continue;
    messages.push(trimmed);
  }
  return messages.join('; ');
}
