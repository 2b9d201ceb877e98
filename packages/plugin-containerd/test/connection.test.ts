import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.ts';
import { lab } from './support.ts';

describe('containerd connection', () => {
  it('reports the version of the lab daemon and the endpoint it used', async () => {
    const handle = await plugin.connect(
      { address: lab().containerdAddress, namespace: 'default' },
      { runtimeName: 'ctrd', env: {} },
    );
    try {
      const version = await handle.version();
      expect(version).toMatchObject({ kind: 'version', runtime: 'ctrd', plugin: 'containerd', product: 'containerd' });
      expect(version.version).toMatch(/^v?1\.6\./);
      expect(version.endpoint).toBe(`unix://${lab().containerdAddress}`);
    } finally {
      await handle.close();
      await handle.close();
    }
  });

  it('detects the lab socket and not a missing one', async () => {
    expect(await plugin.detect({ address: lab().containerdAddress }, {})).toBe(true);
    expect(await plugin.detect({ address: join(lab().dir, 'no-such.sock') }, {})).toBe(false);
  });

  it('answers unreachable, naming the socket and what to check, when containerd is not there', async () => {
    const socket = join(lab().dir, 'no-such-containerd.sock');
    const handle = await plugin.connect({ address: socket }, { runtimeName: 'ctrd', env: {} });
    try {
      const error = await handle.listContainers().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'unreachable', runtime: 'ctrd' });
      expect((error as Error).message).toContain(`unix://${socket}`);
      // A missing socket is said to be missing, at once, not mistaken for a daemon that never answers.
      expect((error as Error).message).toContain('socket not found');
      expect((error as { hint: string }).hint).toMatch(/containerd is running/);
    } finally {
      await handle.close();
    }
  });
});
