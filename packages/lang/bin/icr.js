#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `tsc -b`.
import { main } from '../dist/cli/main.js';

const code = await main(process.argv.slice(2));
// Plugins may keep sockets or child processes alive; the exit status is what counts.
process.exit(code);
