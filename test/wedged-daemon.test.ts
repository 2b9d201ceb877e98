/**
 * A daemon that accepts connections but never answers must not hang icr: the
 * gRPC runtimes give up after their connect timeout, exit 3 and name the socket.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const icrBin = path.resolve(import.meta.dirname, '../packages/lang/bin/icr.js');
const dir = mkdtempSync(path.join(tmpdir(), 'icr-wedged-'));
const socket = path.join(dir, 'wedged.sock');
const configPath = path.join(dir, 'icr.config.json');
const held: net.Socket[] = [];
let server: net.Server;

beforeAll(async () => {
  // Accept and hold every connection, never writing a byte: a wedged daemon.
  server = net.createServer((connection) => held.push(connection));
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  writeFileSync(
    configPath,
    JSON.stringify({
      runtimes: {
        containerd: { plugin: 'containerd', options: { address: socket } },
        crio: { plugin: 'crio', options: { endpoint: `unix://${socket}` } },
      },
    }),
  );
});

afterAll(async () => {
  for (const connection of held) connection.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe.concurrent('a wedged daemon', () => {
  for (const runtime of ['containerd', 'crio']) {
    it(`${runtime}: exits 3 naming the socket instead of hanging`, async () => {
      const outcome = await run(process.execPath, [icrBin, '--config', configPath, '-r', runtime, '-c', 'ps -a'], {
        env: { ...process.env, NO_COLOR: '1' },
        timeout: 45_000,
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(outcome.code).toBe(3);
      expect(outcome.stderr).toContain(socket);
      expect(outcome.stderr).toContain('no gRPC answer');
      expect(outcome.stderr).not.toMatch(/\n\s+at /);
    });
  }
});
