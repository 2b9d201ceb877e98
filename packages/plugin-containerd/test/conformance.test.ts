import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { conformanceChecks } from '@icr/core/conformance';
import { afterAll, describe, it } from 'vitest';
import plugin from '../src/index.ts';
import { deleteNamespace, lab, uniqueName } from './support.ts';

// The namespace is fresh, so the conformance pull really goes to the lab registry.
const namespace = uniqueName('icr-ctrd-conf');

describe('containerd plugin conformance', () => {
  afterAll(async () => {
    // Whatever the checks left in their namespace (the pulled image, mostly) goes with it.
    const cleanup = await plugin.connect(
      { address: lab().containerdAddress, namespace },
      { runtimeName: 'containerd', env: {} },
    );
    for (const image of (await cleanup.listImages?.()) ?? []) {
      for (const tag of image.repoTags) await cleanup.removeImage?.(tag, { force: true });
    }
    for (const container of await cleanup.listContainers({ all: true })) {
      await cleanup.removeContainer?.(container.id, { force: true });
    }
    await cleanup.close();
    await deleteNamespace(namespace);
    await rm(join(lab().dir, 'containerd-plugin-logs', namespace), { recursive: true, force: true });
  });

  for (const check of conformanceChecks({
    plugin,
    options: {
      address: lab().containerdAddress,
      namespace,
      logDir: join(lab().dir, 'containerd-plugin-logs'),
      insecureRegistries: [lab().registry],
    },
    image: lab().testImage,
    namePrefix: 'icr-ctrd-conf',
  })) {
    it(check.name, check.run, 120_000);
  }
});
