/**
 * The REPL in a real pseudo-terminal against the lab's docker: completion,
 * persistent history, multi-line entries, Ctrl-C cancelling a running
 * pipeline without ending the session, and confirmation of bulk actions.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lab } from '../../../test/support/lab.ts';
import { buildLang, icr, uniqueName } from './support/icr.ts';
import { ReplSession } from './support/pty.ts';

const label = uniqueName('icr-repl');
const historyDir = mkdtempSync(path.join(tmpdir(), 'icr-history-'));
let session: ReplSession | null = null;

function open(historyFile = path.join(historyDir, uniqueName('history'))): ReplSession {
  session = new ReplSession({ ICR_HISTORY: historyFile }, ['-r', 'docker']);
  return session;
}

beforeAll(() => buildLang(), 180_000);
afterEach(() => session?.kill());
afterAll(async () => {
  await icr(['-r', 'docker', '-c', `ps -a | where labels.icrtest == "${label}" | rm -f`]);
});

describe('the icr REPL', () => {
  it('shows the default runtime in the prompt and completes commands, flags and fields', async () => {
    const repl = open();
    await repl.waitFor('icr docker> ');
    repl.mark();
    repl.write('ps | wh\t');
    await repl.waitFor('ps | where');
    repl.write(' sta\t\t');
    await repl.waitFor(/startedAt\s+status/);
    repl.write('\x15ps --a\t');
    await repl.waitFor('ps --all');
    repl.write('\x15use \t\t');
    await repl.waitFor(/containerd\s+crio\s+docker/);
    repl.write('\x15');
  });

  it('switches the default runtime with use, and lists commands with .help', async () => {
    const repl = open();
    await repl.waitFor('icr docker> ');
    repl.write('use runc\r');
    await repl.waitFor('icr runc> ');
    repl.mark();
    repl.write('version | get runtime\r');
    await repl.waitFor(/^runc$/m);
    repl.write('.help\r');
    await repl.waitFor(/Lifecycle:(.|\n)*stop/);
    repl.mark();
    repl.write('where --help\r');
    await repl.waitFor('Usage: where <condition>');
  });

  it('completes container names from the runtime', async () => {
    const name = uniqueName('icr-complete');
    const created = await icr([
      '-r',
      'docker',
      '-c',
      `run -d ${lab().testImage} --name ${name} -l icrtest=${label} --network none -- sleep 300 | count`,
    ]);
    expect(created.code, created.stderr).toBe(0);
    const repl = open();
    await repl.waitFor('icr docker> ');
    repl.write(`inspect ${name.slice(0, -3)}\t`);
    await repl.waitFor(`inspect ${name}`);
  });

  it('keeps history across sessions in $ICR_HISTORY', async () => {
    const historyFile = path.join(historyDir, uniqueName('history'));
    const first = open(historyFile);
    await first.waitFor('icr docker> ');
    first.write('echo remembered-line\r');
    await first.waitFor('remembered-line\n');
    first.write('\x04');
    expect(await first.waitForExit()).toBe(0);
    expect(readFileSync(historyFile, 'utf8')).toContain('echo remembered-line');

    const second = open(historyFile);
    await second.waitFor('icr docker> ');
    second.mark();
    second.write('\x1b[A');
    await second.waitFor('echo remembered-line');
  });

  it('ends the session with exit and its code', async () => {
    const repl = open();
    await repl.waitFor('icr docker> ');
    repl.write('exit 5\r');
    expect(await repl.waitForExit()).toBe(5);
  });

  it('continues an unfinished statement on the next line', async () => {
    const repl = open();
    await repl.waitFor('icr docker> ');
    repl.write('echo [1, 2, 3] | each {\r');
    await repl.waitFor('| ');
    repl.write('echo "item $it" }\r');
    await repl.waitFor('item 3\n');
  });

  it('cancels a running sleep and a running wait with Ctrl-C and keeps the session', async () => {
    const name = uniqueName('icr-wait');
    const created = await icr([
      '-r',
      'docker',
      '-c',
      `run -d ${lab().testImage} --name ${name} -l icrtest=${label} --network none -- sleep 300 | count`,
    ]);
    expect(created.code, created.stderr).toBe(0);
    const repl = open();
    await repl.waitFor('icr docker> ');
    repl.write('let before = 41\r');
    await repl.waitFor(/let before = 41\n(.|\n)*icr docker> /);
    repl.mark();
    repl.write('sleep 30s\r');
    await new Promise((resolve) => setTimeout(resolve, 500));
    repl.write('\x03');
    await repl.waitFor('cancelled');
    await repl.waitFor('icr docker> ');
    repl.mark();
    repl.write(`wait ${name} --for exited\r`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    repl.write('\x03');
    await repl.waitFor('cancelled');
    await repl.waitFor('icr docker> ');
    repl.mark();
    repl.write('echo ($before + 1)\r');
    await repl.waitFor('42\n');
    // The container is still there and running: the cancelled wait changed nothing.
    const status = await icr(['-r', 'docker', '-c', `ps -a | where name == ${name} | get status`]);
    expect(status.stdout.trim()).toBe('running');
  });

  it('asks before stopping several containers and does nothing when declined', async () => {
    const names = [uniqueName('icr-confirm'), uniqueName('icr-confirm')];
    for (const name of names) {
      const created = await icr([
        '-r',
        'docker',
        '-c',
        `run -d ${lab().testImage} --name ${name} -l icrtest=${label} -l confirm=${names[0]} --network none -- sleep 300 | count`,
      ]);
      expect(created.code, created.stderr).toBe(0);
    }
    const repl = open();
    await repl.waitFor('icr docker> ');
    repl.write(`ps | where labels.confirm == "${names[0]}" | stop -t 1\r`);
    await repl.waitFor('stop 2 containers');
    // Ctrl-C at the question withdraws it and keeps the session.
    repl.mark();
    repl.write('\x03');
    await repl.waitFor('icr docker> ');
    repl.mark();
    repl.write(`ps | where labels.confirm == "${names[0]}" | stop -t 1\r`);
    await repl.waitFor('stop 2 containers');
    repl.write('n\r');
    await repl.waitFor('icr docker> ');
    const running = await icr(['-r', 'docker', '-c', `ps | where labels.confirm == "${names[0]}" | count`]);
    expect(running.stdout.trim()).toBe('2');
  });
});
