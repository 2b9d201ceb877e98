/**
 * One `up`/`down` at a time per lab dir: several test runs may bring the lab up at once.
 * The lock sits beside the lab dir (down removes the dir) and names its holder's pid,
 * so a lock left by a killed process is taken over.
 */
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isPidAlive } from './processes.ts';

export async function withLabLock<T>(labDir: string, work: () => Promise<T>, timeoutMs = 180_000): Promise<T> {
  const lockFile = `${labDir}.lock`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockFile, 'utf8').trim() || 'NaN');
      if (!Number.isInteger(holder) || !isPidAlive(holder)) {
        // Stale: remove only if it still names the dead holder (another waiter may have taken it).
        const again = fs.readFileSync(lockFile, 'utf8').trim();
        if (again === String(holder) || again === '') fs.rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`lab: ${lockFile} is held by pid ${holder} for too long`);
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}
