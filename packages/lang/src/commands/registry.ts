import type { CommandModule } from './command.ts';
import { count } from './count.ts';
import { create } from './create.ts';
import { each } from './each.ts';
import { echo } from './echo.ts';
import { exec } from './exec.ts';
import { first } from './first.ts';
import { from } from './from.ts';
import { get } from './get.ts';
import { help } from './help.ts';
import { images } from './images.ts';
import { inspect } from './inspect.ts';
import { kill } from './kill.ts';
import { last } from './last.ts';
import { logs } from './logs.ts';
import { pause } from './pause.ts';
import { pods } from './pods.ts';
import { ps } from './ps.ts';
import { pull } from './pull.ts';
import { reject } from './reject.ts';
import { restart } from './restart.ts';
import { rm } from './rm.ts';
import { rmi } from './rmi.ts';
import { run } from './run.ts';
import { runtimes } from './runtimes.ts';
import { select } from './select.ts';
import type { SignatureLookup } from './signature.ts';
import { sleep } from './sleep.ts';
import { sortBy } from './sort-by.ts';
import { start } from './start.ts';
import { stop } from './stop.ts';
import { to } from './to.ts';
import { uniq } from './uniq.ts';
import { unpause } from './unpause.ts';
import { version } from './version.ts';
import { wait } from './wait.ts';
import { where } from './where.ts';

const MODULES: readonly CommandModule[] = [
  // sources
  ps,
  images,
  pods,
  inspect,
  logs,
  runtimes,
  version,
  // filters
  where,
  select,
  reject,
  get,
  sortBy,
  first,
  last,
  count,
  uniq,
  each,
  // lifecycle
  run,
  create,
  start,
  stop,
  kill,
  restart,
  pause,
  unpause,
  rm,
  exec,
  wait,
  pull,
  rmi,
  // script and output
  echo,
  sleep,
  to,
  from,
  help,
];

let commands: ReadonlyMap<string, CommandModule> | null = null;
let signatures: SignatureLookup | null = null;

/** Every built-in command by name. */
export function builtinCommands(): ReadonlyMap<string, CommandModule> {
  commands ??= new Map(MODULES.map((module) => [module.signature.name, module]));
  return commands;
}

/** Every built-in command's signature by name (what the checker, help and completion read). */
export function builtinSignatures(): SignatureLookup {
  signatures ??= new Map(MODULES.map((module) => [module.signature.name, module.signature]));
  return signatures;
}
