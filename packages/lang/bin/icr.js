#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `tsc -b`.
import { main } from '../dist/cli/main.js';

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
