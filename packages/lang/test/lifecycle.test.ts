/**
 * One container through every lifecycle command, through icr's language, on
 * the lab's docker: what each command yields and what it changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab } from '../../../test/support/lab.ts';
import { icr, uniqueName } from './support/icr.ts';

const label = uniqueName('icr-life');
const name = uniqueName('icr-life');

async function json(source: string): Promise<Array<Record<string, unknown>>> {
  const result = await icr(['-r', 'docker', '-o', 'json', '-c', source]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout.trim() === '' ? [] : (JSON.parse(result.stdout) as Array<Record<string, unknown>>);
}

async function status(): Promise<unknown> {
  const [row] = await json(`ps -a | where name == ${name}`);
  return row?.status;
}

beforeAll(async () => {
  const created = await json(
    `create ${lab().testImage} --name ${name} -l icrtest=${label} -e GREETING=hi --read-only --memory 64MB --user 1000 --network none -- sh -c "echo line-1; echo line-2; echo line-3; sleep 300"`,
  );
  expect(created[0]).toMatchObject({ kind: 'container', name, status: 'created', runtime: 'docker' });
});

afterAll(async () => {
  await icr(['-r', 'docker', '-c', `ps -a | where labels.icrtest == "${label}" | rm -f`]);
});

describe('lifecycle through icr', () => {
  it('starts and waits for running', async () => {
    const [started] = await json(`start ${name}`);
    expect(started).toMatchObject({ kind: 'result', action: 'start', ok: true, name });
    const [waited] = await json(`wait ${name} --for running --timeout 30s`);
    expect(waited).toMatchObject({ kind: 'wait', status: 'running' });
  });

  it('inspects the security settings it was created with', async () => {
    const [inspected] = await json(`inspect ${name}`);
    expect(inspected?.security).toMatchObject({ user: '1000', readonlyRootfs: true, memoryLimit: 64_000_000 });
  });

  it('execs with environment and reads logs with --tail', async () => {
    const [result] = await json(`exec ${name} -e EXTRA=there -- sh -c 'echo $GREETING-$EXTRA; id -u'`);
    expect(result).toMatchObject({ kind: 'exec', exitCode: 0, stdout: 'hi-there\n1000\n' });
    const lines = await json(`logs ${name} --tail 2 | get line`);
    expect(lines).toEqual(['line-2', 'line-3']);
  });

  it('pauses and unpauses', async () => {
    await json(`pause ${name}`);
    expect(await status()).toBe('paused');
    await json(`ps | where name == ${name} | unpause`);
    expect(await status()).toBe('running');
  });

  it('times out a wait that cannot finish, as a failure', async () => {
    const result = await icr(['-r', 'docker', '-c', `wait ${name} --for exited --timeout 500ms`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^<command>:1:1: error: docker: .*/m);
  });

  it('kills with a signal, then removes', async () => {
    const [killed] = await json(`kill ${name} -s KILL`);
    expect(killed).toMatchObject({ action: 'kill', ok: true });
    const [waited] = await json(`wait ${name} --timeout 30s`);
    expect(waited).toMatchObject({ status: 'exited', exitCode: 137 });
    await json(`rm ${name}`);
    expect(await json(`ps -a | where name == ${name}`)).toEqual([]);
  });
});
