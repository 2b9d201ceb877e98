import { describe, expect, it } from 'vitest';
import { container, memorySession } from '../../test/support/memory-runtime.ts';
import { renderStream } from './sink.ts';

function session(output: 'table' | 'json' | 'ids' = 'table') {
  const made = memorySession({ containers: [], failStop: new Set(), calls: [] });
  made.session.output = output;
  return made;
}

describe('renderStream', () => {
  it('still prints what arrived before a failure, then passes the failure on', async () => {
    const { session: s, stdout } = session();
    async function* failing() {
      yield container({ name: 'web' });
      throw new Error('boom');
    }
    await expect(renderStream(failing(), s)).rejects.toThrow('boom');
    expect(stdout()).toMatch(/^id\s+name(.|\n)*web/);
  });

  it('writes plain values and log lines as they come', async () => {
    const { session: s, stdout } = session();
    const seen: string[] = [];
    async function* lines() {
      yield 'first';
      seen.push(stdout());
      yield { kind: 'log', line: 'from the log', stream: 'stdout' };
      seen.push(stdout());
    }
    await renderStream(lines(), s);
    expect(seen).toEqual(['first\n', 'first\nfrom the log\n']);
  });

  it('writes one JSON document per statement, and ids one per line', async () => {
    const json = session('json');
    await renderStream(
      (async function* () {
        yield 1;
        yield { a: 2 };
      })(),
      json.session,
    );
    expect(JSON.parse(json.stdout())).toEqual([1, { a: 2 }]);
    const ids = session('ids');
    const web = container({ name: 'web' });
    await renderStream(
      (async function* () {
        yield web;
      })(),
      ids.session,
    );
    expect(ids.stdout()).toBe(`${web.id}\n`);
  });

  it('writes [] in json mode for a value-yielding statement that yielded nothing', async () => {
    const json = session('json');
    await renderStream((async function* () {})(), json.session, 'json', { emptyDocument: true });
    await renderStream((async function* () {})(), json.session, 'json');
    expect(json.stdout()).toBe('[]\n');
  });
});
