#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `tsc -b`.
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`icr needs Node.js 22.12 or newer; this is ${process.version} (try: npx icr)\n`);
  process.exit(2);
}

// Every run loads the same few hundred modules; V8's code cache on disk skips
// re-compiling them (about a third of start-up). NODE_COMPILE_CACHE (if set)
// wins, NODE_DISABLE_COMPILE_CACHE=1 turns it off; a cache that cannot be
// written only costs the speed-up, never the run.
module.enableCompileCache?.(compileCacheDir());

const { main } = await import('../dist/cli/main.js');

// A bug must still not show the user a stack trace (ICR_DEBUG=1 shows it).
const crash = (error) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: internal error: ${message}\n`);
  if (process.env.ICR_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

const code = await main(process.argv.slice(2));
// Plugins may keep sockets or child processes alive; the exit status is what counts.
process.exit(code);

/** `$XDG_CACHE_HOME/icr/compile-cache`, else `~/.cache/icr/compile-cache`, else Node's default (the temp dir). */
function compileCacheDir() {
  if (process.env.NODE_COMPILE_CACHE) return process.env.NODE_COMPILE_CACHE;
  const base = process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : '');
  return base ? path.join(base, 'icr', 'compile-cache') : undefined;
}
