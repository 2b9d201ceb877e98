/** The lab's image registry: Debian's docker-registry (distribution v2) on loopback, plain HTTP. */
import fs from 'node:fs';
import path from 'node:path';
import type { LabLayout } from './layout.ts';
import { registryAnswers } from './probes.ts';
import { type ProcessRecord, spawnDaemon, waitUntilReady } from './processes.ts';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

function registryConfig(layout: LabLayout): string {
  // JSON is valid YAML; no auth, no TLS, storage inside the lab dir, delete allowed so tests can clean up.
  const config = {
    version: 0.1,
    log: { level: 'warn', accesslog: { disabled: true }, fields: { service: 'icr-lab-registry' } },
    storage: {
      filesystem: { rootdirectory: path.join(layout.registryDir, 'data') },
      delete: { enabled: true },
      cache: { blobdescriptor: 'inmemory' },
    },
    http: { addr: `127.0.0.1:${layout.registryPort}`, headers: { 'X-Content-Type-Options': ['nosniff'] } },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export async function startRegistry(layout: LabLayout): Promise<ProcessRecord> {
  if (await registryAnswers(layout.registryPort)) {
    throw new Error(
      `lab: something not started by this lab already answers on ${layout.registry}; stop it or set ICR_LAB_REGISTRY_PORT`,
    );
  }
  fs.mkdirSync(path.join(layout.registryDir, 'data'), { recursive: true });
  fs.writeFileSync(layout.registryConfig, registryConfig(layout));
  const record = spawnDaemon(layout, 'registry', [REGISTRY_BINARY, 'serve', layout.registryConfig]);
  await waitUntilReady(record, `docker-registry on ${layout.registry}`, () => registryAnswers(layout.registryPort));
  return record;
}
