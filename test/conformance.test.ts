/**
 * Every runtime of the lab passes the SDK conformance kit: the same checks a
 * third-party plugin runs, here against docker, containerd, CRI, runc and runsc.
 * Plugins are loaded through the real config loader, as `icr` loads them.
 */
import path from 'node:path';
import { RuntimeRegistry } from '@icr/core';
import { conformanceChecks } from '@icr/core/conformance';
import { describe, it } from 'vitest';
import { lab } from './support/lab.ts';

const registry = await RuntimeRegistry.open({
  configPath: lab().configPath,
  builtinResolveFrom: [path.resolve(import.meta.dirname, '../packages/lang')],
});

describe('plugin loading', () => {
  it('loads every first-party plugin without problems', () => {
    if (registry.problems.length > 0) {
      throw new Error(registry.problems.map((problem) => `${problem.module}: ${problem.message}`).join('\n'));
    }
  });
});

for (const runtimeName of registry.names()) {
  const entry = registry.get(runtimeName);
  describe(`conformance: ${runtimeName} (${entry.plugin.name})`, () => {
    const checks = conformanceChecks({
      plugin: entry.plugin,
      options: entry.options,
      image: lab().testImage,
      runtimeName,
      namePrefix: `conf-${runtimeName}`,
    });
    for (const check of checks) it(check.name, check.run, 180_000);
  });
}
