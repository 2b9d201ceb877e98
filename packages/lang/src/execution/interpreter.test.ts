/**
 * The interpreter over real parsed and checked programs, with records from an
 * in-memory runtime (pure language behaviour only; runtime behaviour is
 * tested against the lab in packages/lang/test).
 */
import { describe, expect, it } from 'vitest';
import { container, type MemoryRuntime, memorySession } from '../../test/support/memory-runtime.ts';
import { Engine } from './engine.ts';

function setup(overrides: Partial<MemoryRuntime> = {}) {
  const state: MemoryRuntime = {
    containers: [
      container({
        name: 'web-1',
        labels: { app: 'web', 'com.example.team': 'blue' },
        createdAt: new Date(Date.now() - 3 * 3_600_000),
      }),
      container({ name: 'web-2', labels: { app: 'web' }, createdAt: new Date(Date.now() - 60_000) }),
      container({
        name: 'db',
        status: 'exited',
        exitCode: 1,
        labels: { app: 'db' },
        createdAt: new Date(Date.now() - 86_400_000),
      }),
    ],
    failStop: new Set(),
    calls: [],
    ...overrides,
  };
  const { session, stdout, stderr } = memorySession(state);
  session.output = 'json';
  const engine = new Engine(session);
  const run = async (source: string) => {
    const compiled = await engine.compile(source, 'test.icr');
    if (!compiled.ok) throw new Error(compiled.diagnostics.map((diagnostic) => diagnostic.message).join('\n'));
    await engine.execute(compiled, new AbortController().signal);
    return stdout();
  };
  const json = async (source: string) => JSON.parse(await run(source)) as unknown;
  return { state, engine, run, json, stderr };
}

describe('interpreter', () => {
  it('filters with where on strings, nested and quoted label paths, regexes and durations', async () => {
    // ps lists newest first, like docker ps.
    expect(await setup().json('ps -a | where status == running | get name')).toEqual(['web-2', 'web-1']);
    expect(await setup().json('ps -a | where labels."com.example.team" == blue | get name')).toEqual(['web-1']);
    expect(await setup().json('ps -a | where name =~ "^web-\\d$" and labels.app != db | count')).toEqual([2]);
    expect(await setup().json('ps -a | where createdAt > 1h | get name')).toEqual(['web-1', 'db']);
    expect(await setup().json('ps -a | where exitCode == null | count')).toEqual([2]);
  });

  it('selects, rejects, sorts, takes first/last and drops duplicates', async () => {
    expect(await setup().json('ps -a | select name labels.app | first')).toEqual([
      { name: 'web-2', 'labels.app': 'web' },
    ]);
    const rejected = (await setup().json('ps -a | reject raw security labels | first')) as Array<
      Record<string, unknown>
    >;
    expect(Object.keys(rejected[0] ?? {})).not.toContain('raw');
    expect(Object.keys(rejected[0] ?? {})).toContain('name');
    expect(await setup().json('ps -a | sort-by createdAt | get name')).toEqual(['db', 'web-1', 'web-2']);
    expect(await setup().json('ps -a | sort-by createdAt -r | last 2 | get name')).toEqual(['web-1', 'db']);
    expect(await setup().json('ps -a | get labels.app | uniq')).toEqual(['web', 'db']);
    expect(await setup().json('ps -a | where name == web-1 | select labels."com.example.team"')).toEqual([
      { 'labels.com.example.team': 'blue' },
    ]);
    expect(await setup().json('ps -a | get labels."com.example.team" | first')).toEqual([null]);
    expect(await setup().json('ps -a | sort-by labels."com.example.team" | first | get name')).toEqual(['web-1']);
  });

  it('binds let values, runs each with $it, and evaluates templates and arithmetic', async () => {
    const { json } = setup();
    expect(await json('let n = (ps -a | count)\necho ($n * 2 + 1)')).toEqual([7]);
    expect(await setup().json('ps | each { echo "$it.name:$it.labels.app" }')).toEqual(['web-2:web', 'web-1:web']);
    expect(await setup().json('let first = (ps | first)\necho $first.name')).toEqual(['web-2']);
  });

  it('ends the script with exit and its code', async () => {
    const { run } = setup();
    await expect(run('echo before\nexit 4\necho after')).rejects.toMatchObject({ name: 'ExitRequest', code: 4 });
  });

  it('runs if/else, for and try/catch, and binds the error record', async () => {
    const { run, engine } = setup();
    engine.session.output = 'table';
    const out = await run(
      'for c in (ps -a) {\n  if $c.status == running { echo "up $c.name" } else { echo "down $c.name" }\n}\ntry { inspect nope } catch err { echo $err.code }',
    );
    expect(out).toBe('up web-2\nup web-1\ndown db\nnot-found\n');
  });

  it('fails an assert with its message and location', async () => {
    const { run } = setup();
    const error = await run('assert (ps | count) == 5 "expected five"').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ span: { start: { line: 1, column: 1 } } });
    // The values compared, not only the source text, so the user sees what was there.
    const count = (error as Error).message.match(/\((assertion failed: (\d+) == 5 is false)\)$/);
    expect((error as Error).message.startsWith('expected five (assertion failed: ')).toBe(true);
    expect(count?.[2]).not.toBe('5');
  });

  it('shows the values of a failed comparison, and names a falsy value', async () => {
    const { run } = setup();
    await expect(run('let s = "running"; assert $s == "exited"')).rejects.toMatchObject({
      message: 'assertion failed: "running" == "exited" is false',
    });
    await expect(run('let xs = [1 2]; assert 3 in $xs')).rejects.toMatchObject({
      message: 'assertion failed: 3 in [1,2] is false',
    });
    await expect(run('let ok = null; assert $ok')).rejects.toMatchObject({ message: 'assertion failed: $ok is null' });
    await expect(run('assert false')).rejects.toMatchObject({ message: 'assertion failed: false' });
  });

  it('stops every item, reports each, and fails after trying all', async () => {
    const { run, state } = setup({ failStop: new Set(['web-1']) });
    const error = await run('ps | stop').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'BulkFailure', failed: 1, total: 2 });
    expect(state.calls.sort()).toEqual(['stop web-1', 'stop web-2']);
    expect(state.containers.find((item) => item.name === 'web-2')?.status).toBe('exited');
  });

  it('changes nothing with --dry-run', async () => {
    const { json, state } = setup();
    const results = (await json('ps -a | rm --dry-run')) as Array<Record<string, unknown>>;
    expect(results.map((result) => result.action)).toEqual(['rm (dry run)', 'rm (dry run)', 'rm (dry run)']);
    expect(state.calls).toEqual([]);
    expect(state.containers).toHaveLength(3);
  });

  it('asks before a destructive action on several containers when it can ask', async () => {
    const { engine, state } = setup();
    const questions: string[] = [];
    engine.session.confirm = async (question) => {
      questions.push(question);
      return false;
    };
    const compiled = await engine.compile('ps | rm', 'test.icr');
    if (!compiled.ok) throw new Error('did not compile');
    await expect(engine.execute(compiled, new AbortController().signal)).rejects.toMatchObject({ code: 'cancelled' });
    expect(questions[0]).toContain('rm 2 containers');
    expect(state.calls).toEqual([]);
    const yes = await engine.compile('ps | rm -y', 'test.icr');
    if (!yes.ok) throw new Error('did not compile');
    await engine.execute(yes, new AbortController().signal);
    expect(state.calls.sort()).toEqual(['rm web-1', 'rm web-2']);
  });

  it('pushes simple where conditions down to ps and still applies them itself', async () => {
    const { json, state } = setup();
    expect(await json('ps -a | where status == exited and labels.app == db and name =~ "d" | get name')).toEqual([
      'db',
    ]);
    expect(state.calls).toEqual(['ps {"status":["exited"],"labels":{"app":"db"}}']);
  });

  it('stops a running sleep when the signal aborts', async () => {
    const { engine } = setup();
    const compiled = await engine.compile('sleep 30s', 'test.icr');
    if (!compiled.ok) throw new Error('did not compile');
    const controller = new AbortController();
    const running = engine.execute(compiled, controller.signal);
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
  });
});
