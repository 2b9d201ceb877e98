import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IcrError, isIcrError, RuntimeRegistry } from '@icr/core';
import { didYouMean } from '../checker/suggest.ts';
import type { Compiled, Engine } from '../execution/engine.ts';
import type { OutputStreams, Session } from '../execution/session.ts';
import { type CliArgs, parseArgs, USAGE, UsageError } from './args.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, exitCodeFor, formatError, formatProblem } from './report-error.ts';

/** The lang package directory (dist/cli/main.js or src/cli/main.ts → two levels up). */
export const PACKAGE_DIR = path.resolve(import.meta.dirname, '../..');

export interface MainOptions {
  io?: OutputStreams;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Aborts the running program (the CLI wires SIGINT to it). */
  signal?: AbortSignal;
}

/** Runs `icr` with `argv` (without node and the script) and returns the exit status. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const io = options.io ?? { stdout: process.stdout, stderr: process.stderr };
  const env = options.env ?? process.env;
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`icr: ${error.message}\nhint: ${error.hint}\n`);
    return EXIT_USAGE;
  }
  const color = args.color ?? (Boolean(io.stdout.isTTY) && !env.NO_COLOR);
  switch (args.mode) {
    case 'help':
      io.stdout.write(USAGE);
      return EXIT_OK;
    case 'version':
      io.stdout.write(`icr ${await packageVersion()}\n`);
      return EXIT_OK;
    case 'gen-docs': {
      const { builtinSignatures } = await import('../commands/registry.ts');
      const { commandsMarkdown } = await import('../commands/help-text.ts');
      const markdown = `${commandsMarkdown(builtinSignatures())}\n`;
      if (args.target) await writeFile(args.target, markdown);
      else io.stdout.write(markdown);
      return EXIT_OK;
    }
    default:
      break;
  }

  let registry: RuntimeRegistry;
  try {
    registry = await RuntimeRegistry.open({
      cwd: options.cwd,
      configPath: args.config ?? undefined,
      env,
      builtinResolveFrom: [PACKAGE_DIR],
    });
  } catch (error) {
    io.stderr.write(`${formatError(error, color)}\n`);
    return EXIT_USAGE;
  }
  // A broken plugin or runtime entry costs only itself: one line each, the rest still work.
  for (const problem of registry.problems) io.stderr.write(`${formatProblem(problem, color)}\n`);
  try {
    const session: Session = {
      registry,
      defaultRuntime: '',
      io,
      color,
      output: args.output ?? 'table',
      args: args.scriptArgs,
      env,
    };
    try {
      session.defaultRuntime = await chooseDefaultRuntime(registry, args, session);
    } catch (error) {
      io.stderr.write(`${formatError(error, color)}\n`);
      return error instanceof IcrError && error.code === 'unreachable' ? exitCodeFor(error) : EXIT_USAGE;
    }
    const { Engine } = await import('../execution/engine.ts');
    const engine = new Engine(session);
    const stdinIsScript = args.mode === 'repl' && !options.io && !process.stdin.isTTY;
    if (args.mode === 'repl' && !stdinIsScript) {
      const { startRepl } = await import('../repl/repl.ts');
      return await startRepl(engine, { env });
    }
    let source: string;
    let file: string;
    if (stdinIsScript) {
      // `icr < script.icr` or `echo 'ps' | icr`: a script, not a session.
      source = await readStdin();
      file = '<stdin>';
    } else if (args.mode === 'command') {
      source = args.target ?? '';
      file = '<command>';
    } else {
      file = args.target ?? '';
      try {
        source = await readFile(path.resolve(options.cwd ?? process.cwd(), file), 'utf8');
      } catch (error) {
        io.stderr.write(`${describeUnreadable(file, error)}\n`);
        return EXIT_USAGE;
      }
    }
    return await runSource(engine, source, file, args.mode === 'check', options.signal);
  } finally {
    await registry.close();
  }
}

/** `--runtime`, else `ICR_RUNTIME`, else the config's default, else the first detected runtime. */
async function chooseDefaultRuntime(registry: RuntimeRegistry, args: CliArgs, session: Session): Promise<string> {
  if (args.runtime) return registryName(registry, args.runtime, session);
  if (registry.chosenDefault) {
    const origin = registry.env.ICR_RUNTIME
      ? 'ICR_RUNTIME'
      : `the "default" of ${registry.config.filepath ?? 'the config'}`;
    return registryName(registry, registry.chosenDefault, session, origin);
  }
  try {
    return await registry.defaultRuntime();
  } catch (error) {
    // A script that only checks, or uses no runtime, still works without one.
    if (args.mode === 'check' || args.mode === 'repl' || args.mode === 'command' || args.mode === 'run') {
      const first = registry.names()[0];
      if (first) return first;
    }
    throw error;
  }
}

function registryName(registry: RuntimeRegistry, name: string, session: Session, origin?: string): string {
  void session;
  if (registry.entries.has(name)) return name;
  if (name === 'all') {
    throw new IcrError('invalid-argument', 'the default runtime must be one runtime, not "all"', {
      hint: "give the commands -r all instead, e.g. icr -c 'ps -r all'",
    });
  }
  // The runtime may be configured but left out because its plugin did not load: say so.
  const problem = registry.problems.find((each) => each.runtime === name);
  const names = registry.names();
  throw new IcrError('not-found', `unknown runtime "${name}"${origin ? ` (from ${origin})` : ''}`, {
    hint:
      problem?.message ??
      didYouMean(name, names) ??
      `configured runtimes: ${names.join(', ') || '(none)'}; "icr -c runtimes" lists them`,
  });
}

/** Parse and check everything first; run only a clean program. */
export async function runSource(
  engine: Engine,
  source: string,
  file: string,
  checkOnly: boolean,
  signal?: AbortSignal,
  options: { quietCancel?: boolean; compiled?: Compiled; onExit?: (code: number) => void } = {},
): Promise<number> {
  const { io, color } = engine.session;
  const helpFor = /^\s*([a-z][a-z-]*)\s+(?:--help|-h)\s*$/.exec(source);
  if (helpFor && engine.signatures.has(helpFor[1] as string)) {
    const { commandHelp } = await import('../commands/help-text.ts');
    io.stdout.write(`${commandHelp(engine.signatures.get(helpFor[1] as string)!)}\n`);
    return EXIT_OK;
  }
  const compiled = options.compiled ?? (await engine.compile(source, file));
  if (!compiled.ok) {
    io.stderr.write(`${await engine.formatDiagnostics(compiled.diagnostics, source, file)}\n`);
    return EXIT_USAGE;
  }
  if (compiled.warnings.length > 0)
    io.stderr.write(`${await engine.formatDiagnostics(compiled.warnings, source, file)}\n`);
  if (checkOnly) {
    io.stdout.write(`${file}: ok\n`);
    return EXIT_OK;
  }
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  signal?.addEventListener('abort', () => controller.abort(), { once: true });
  process.on('SIGINT', onSigint);
  try {
    await engine.execute(compiled, controller.signal);
    return EXIT_OK;
  } catch (error) {
    const code = exitCodeFor(error);
    const isExit = (error as Error)?.name === 'ExitRequest';
    const quiet = options.quietCancel && controller.signal.aborted && isIcrError(error, 'cancelled');
    if (isExit) options.onExit?.(code);
    if (!isExit && !quiet) io.stderr.write(`${formatError(error, color, { file, source })}\n`);
    return isExit ? code : code === EXIT_OK ? EXIT_FAILURE : code;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** `icr run FILE` when FILE cannot be read: what is wrong with it, in words. */
function describeUnreadable(file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, [string, string]> = {
    ENOENT: ['no such file', 'check the path (it is relative to the current directory)'],
    EISDIR: ['it is a directory', 'give the script file inside it, e.g. icr run dir/main.icr'],
    EACCES: ['permission denied', `check the file's permissions (ls -l ${file})`],
    ENOTDIR: ['a part of the path is not a directory', 'check the path'],
  };
  const [reason, hint] = reasons[code ?? ''] ?? [(error as Error).message ?? String(error), 'check the file'];
  return `icr: cannot read ${file}: ${reason}\nhint: ${hint}`;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function packageVersion(): Promise<string> {
  const text = await readFile(path.join(PACKAGE_DIR, 'package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
