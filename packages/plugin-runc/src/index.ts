import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { defineRuntimePlugin, SDK_VERSION, throwIfAborted } from '@icr/core';
import { DEFAULT_DATA_DIR, DEFAULT_ROOT, describeEndpoint, type RuncOptions, resolveOptions } from './options.ts';

export type { RuncOptions } from './options.ts';

/** The binary as given if it has a slash, else the first executable of that name on PATH. */
export async function findBinary(binary: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const candidates = binary.includes('/')
    ? [binary]
    : (env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')
        .split(':')
        .filter(Boolean)
        .map((dir) => path.join(dir, binary));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next directory
    }
  }
  return null;
}

export default defineRuntimePlugin<RuncOptions>({
  name: 'runc',
  sdkVersion: SDK_VERSION,
  description: 'Any OCI runtime CLI (runc, runsc, crun, kata-runtime) with its own image store; no daemon',
  capabilities: [
    'version',
    'ps',
    'inspect',
    'create',
    'start',
    'stop',
    'kill',
    'restart',
    'pause',
    'unpause',
    'rm',
    'exec',
    'logs',
    'wait',
    'images',
    'pull',
    'rmi',
  ],
  pushdown: [],
  defaultOptions: () => ({ binary: 'runc', root: DEFAULT_ROOT, dataDir: DEFAULT_DATA_DIR }),
  detect: async (options, env) => (await findBinary(resolveOptions(options).binary, env)) !== null,
  describeEndpoint,
  connect: async (options, context) => {
    throwIfAborted(context.signal, context.runtimeName);
    const resolved = resolveOptions(options);
    const found = await findBinary(resolved.binary, context.env);
    // Loaded here, not at the top: icr loads every plugin at start-up, and only the runtimes a command uses should pay for execa.
    const { RuncHandle } = await import('./handle.ts');
    const handle = new RuncHandle(found ? { ...resolved, binary: found } : resolved, context.runtimeName);
    return handle;
  },
});
