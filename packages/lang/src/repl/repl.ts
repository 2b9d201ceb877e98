import { homedir } from 'node:os';
import path from 'node:path';
import repl, { type REPLServer } from 'node:repl';
import { isIcrError } from '@icr/core';
import { createColors } from 'picocolors';
import { runSource } from '../cli/main.ts';
import { formatError } from '../cli/report-error.ts';
import type { Engine } from '../execution/engine.ts';
import { complete } from './completion.ts';

const CONTAINER_CACHE_MS = 5000;
const HISTORY_SIZE = 5000;

export interface ReplOptions {
  env: NodeJS.ProcessEnv;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/**
 * The interactive shell: node:repl with our own eval. An entry is parsed and
 * checked as a whole; an unfinished one continues on the next line. Ctrl-C
 * while something runs cancels it (the AbortSignal reaches the plugin) and
 * keeps the session.
 */
export function startRepl(engine: Engine, options: ReplOptions): Promise<number> {
  const { session } = engine;
  const colors = createColors(session.color);
  const prompt = () => `icr ${session.defaultRuntime}> `;
  let running: AbortController | null = null;
  let exitCode = 0;
  let containerCache: { at: number; names: string[] } | null = null;

  const containers = async (): Promise<string[]> => {
    if (containerCache && Date.now() - containerCache.at < CONTAINER_CACHE_MS) return containerCache.names;
    try {
      const client = await session.registry.connect(session.defaultRuntime, AbortSignal.timeout(2000));
      const list = await client.call(() => client.method('ps')({ all: true, signal: AbortSignal.timeout(2000) }));
      const names = list.flatMap((container) => [container.name, container.id.slice(0, 12)]);
      containerCache = { at: Date.now(), names };
      return names;
    } catch {
      return [];
    }
  };

  const output = options.output ?? process.stdout;
  return new Promise<number>((resolve) => {
    const server: REPLServer = repl.start({
      prompt: prompt(),
      input: options.input ?? process.stdin,
      output,
      terminal: Boolean((output as { isTTY?: boolean }).isTTY),
      ignoreUndefined: true,
      completer: (line: string, callback: (error: Error | null, result?: [string[], string]) => void) => {
        complete(line, {
          signatures: engine.signatures,
          runtimes: () => session.registry.names(),
          containers,
          variables: () => [...engine.scope.names(), 'env', 'args'],
        }).then(
          (result) => callback(null, result),
          () => callback(null, [[], line]),
        );
      },
      eval: (source, _context, file, callback) => {
        void evaluate(source, file).then(
          (error) => callback(error, undefined),
          (error) => {
            session.io.stderr.write(`${formatError(error, session.color)}\n`);
            callback(null, undefined);
          },
        );
      },
    });

    if (session.io.stdout.isTTY) {
      // Ctrl-C at the question aborts the signal, which withdraws the question (answer: no).
      session.confirm = (question, signal) =>
        new Promise((answer) => {
          if (signal.aborted) return answer(false);
          signal.addEventListener('abort', () => answer(false), { once: true });
          server.question(question, { signal }, (reply) => answer(/^y(es)?$/i.test(reply.trim())));
        });
    }

    /** null when done (or reported), a Recoverable when the entry continues on the next line. */
    async function evaluate(source: string, file: string): Promise<Error | null> {
      // node:repl joins continued lines with \r.
      const text = source.replace(/\r\n?/g, '\n').replace(/\n$/, '');
      if (text.trim() === '') return null;
      void file;
      // Set before compiling, so a Ctrl-C typed while the front end loads also cancels.
      running = new AbortController();
      try {
        const compiled = await engine.compile(text, 'repl');
        if (!compiled.ok && compiled.incomplete) {
          running = null;
          return new repl.Recoverable(new Error('incomplete statement'));
        }
        if (running.signal.aborted) return null;
        await runSource(engine, text, 'repl', false, running.signal, {
          quietCancel: true,
          compiled,
          // `exit [code]` ends the session, as in a shell.
          onExit: (code) => {
            exitCode = code;
            setImmediate(() => server.close());
          },
        });
      } catch (error) {
        if (!isIcrError(error, 'cancelled')) session.io.stderr.write(`${formatError(error, session.color)}\n`);
      } finally {
        running = null;
        server.setPrompt(prompt());
      }
      return null;
    }

    // Ctrl-C: cancel what runs; otherwise the REPL's own behaviour (clear line, twice to exit).
    const replSigint = server.listeners('SIGINT') as Array<() => void>;
    server.removeAllListeners('SIGINT');
    server.on('SIGINT', () => {
      if (running) {
        running.abort();
        session.io.stderr.write(`${colors.yellow('^C cancelled')}\n`);
        return;
      }
      for (const listener of replSigint) listener.call(server);
    });

    server.defineCommand('help', {
      help: 'list icr commands (help <command> for one)',
      action(name: string) {
        void import('../commands/help-text.ts').then(({ commandHelp, commandList }) => {
          const signature = name ? engine.signatures.get(name.trim()) : undefined;
          session.io.stdout.write(`${signature ? commandHelp(signature) : commandList(engine.signatures)}\n`);
          server.displayPrompt();
        });
      },
    });

    const historyFile = options.env.ICR_HISTORY ?? path.join(homedir(), '.icr_history');
    const onHistory = (error: Error | null) => {
      if (error) session.io.stderr.write(`warning: history disabled: ${error.message}\n`);
    };
    try {
      server.setupHistory({ filePath: historyFile, size: HISTORY_SIZE, removeHistoryDuplicates: true }, onHistory);
    } catch {
      // Node before 24 takes only a path; the size then comes from the interface itself.
      (server as unknown as { historySize: number }).historySize = HISTORY_SIZE;
      server.setupHistory(historyFile, onHistory);
    }
    server.on('exit', () => resolve(exitCode));
  });
}
