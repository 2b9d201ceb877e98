#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `tsc -b`.

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`icr needs Node.js 22.12 or newer; this is ${process.version} (try: npx icr)\n`);
  process.exit(2);
}
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
