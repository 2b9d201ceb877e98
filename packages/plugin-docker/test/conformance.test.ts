/** The SDK conformance kit, run against the lab's dockerd through this plugin directly. */
import { conformanceChecks } from '@icr/core/conformance';
import { describe, it } from 'vitest';
import { lab } from '../../../test/support/lab.ts';
import plugin from '../src/index.ts';
import { RUNTIME, uniqueName } from './helpers.ts';

describe('conformance kit', () => {
  const checks = conformanceChecks({
    plugin,
    options: { host: lab().dockerHost },
    image: lab().testImage,
    runtimeName: RUNTIME,
    namePrefix: uniqueName('conf'),
  });
  for (const check of checks) it(check.name, check.run, 180_000);
});
