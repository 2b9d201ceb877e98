import { describe, expect, it } from 'vitest';
import type { Command, Expression, FieldPath } from '../language/ast.ts';
import { parse } from '../language/parser.ts';
import type { RuntimeCapabilityInfo } from './bound-command.ts';
import { type CheckEnvironment, check, type VariableInfo } from './check.ts';
import { editDistance } from './suggest.ts';
import { TEST_SIGNATURES } from './test-signatures.ts';

const ALL_VERBS = ['ps', 'stop', 'pause', 'kill', 'rmi', 'images', 'logs', 'exec', 'create'];

function environment(overrides: Partial<CheckEnvironment> = {}): CheckEnvironment {
  return {
    signatures: TEST_SIGNATURES,
    runtimes: new Map<string, RuntimeCapabilityInfo>([
      ['docker', { plugin: 'docker', capabilities: ALL_VERBS }],
      ['crio', { plugin: 'crio', capabilities: ALL_VERBS }],
      ['runc', { plugin: 'runc', capabilities: ['ps', 'stop', 'kill', 'exec', 'create', 'logs'] }],
    ]),
    defaultRuntime: 'docker',
    variables: new Map(),
    ...overrides,
  };
}

function run(source: string, env = environment()) {
  const parsed = parse(source);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { ...check(parsed.program, env), program: parsed.program };
}

/** `line:column code message | hint` for each diagnostic. */
function problems(source: string, env = environment()): string[] {
  return run(source, env).diagnostics.map(
    (d) => `${d.span.start.line}:${d.span.start.column} ${d.code} ${d.message}${d.hint ? ` | ${d.hint}` : ''}`,
  );
}

function bindingOf(source: string, name: string, env = environment()) {
  const { bindings } = run(source, env);
  const found = [...bindings.entries()].find(([command]) => command.name.name === name);
  if (!found) throw new Error(`no binding for ${name}`);
  return found[1];
}

describe('binding', () => {
  it('binds value flags, switches, positionals and rest words', () => {
    const bound = bindingOf('exec web -e A=1 -e B=2 -r docker -- sh -c true', 'exec');
    expect(bound.positionals.map((p) => (p as { value: string }).value)).toEqual(['web']);
    expect((bound.flags.get('env') as Expression[]).map((e) => (e as { value: string }).value)).toEqual(['A=1', 'B=2']);
    expect((bound.flags.get('runtime') as { value: string }).value).toBe('docker');
    expect(bound.rest?.map((w) => (w as { value: string }).value)).toEqual(['sh', '-c', 'true']);
    expect(bound.inputType).toBe('nothing');
    expect(bound.outputType).toBe('exec');
  });

  it('binds --flag=value and short switches', () => {
    const bound = bindingOf('logs web --tail=20 -f', 'logs');
    expect((bound.flags.get('tail') as { value: number }).value).toBe(20);
    expect(bound.flags.get('follow')).toBe(true);
  });

  it('reads -abc as three switches', () => {
    const bound = bindingOf('ps -aq', 'ps');
    expect([...bound.flags.keys()].sort()).toEqual(['all', 'quiet']);
  });

  it('adds the bulk flags to bulk commands', () => {
    const bound = bindingOf('ps | stop --dry-run -y --parallel 2', 'stop');
    expect(bound.flags.get('dry-run')).toBe(true);
    expect(bound.flags.get('yes')).toBe(true);
    expect((bound.flags.get('parallel') as { value: number }).value).toBe(2);
  });

  it('turns a number written where a string is expected into that string', () => {
    const bound = bindingOf('run busybox --name 007', 'run');
    expect(bound.flags.get('name')).toMatchObject({ kind: 'String', value: '007' });
  });

  it('turns field arguments into field paths, keeping quoted segments', () => {
    const bound = bindingOf('ps | select name labels."com.docker.compose.project"', 'select');
    const paths = bound.positionals.map((p) => (p as FieldPath).path.map((s) => s.name));
    expect(paths).toEqual([['name'], ['labels', 'com.docker.compose.project']]);
    expect(bound.positionals.every((p) => p.kind === 'FieldPath')).toBe(true);
  });

  it('turns a quoted duration into a duration', () => {
    const bound = bindingOf('sleep "2s"', 'sleep');
    expect(bound.positionals[0]).toMatchObject({ kind: 'Duration', milliseconds: 2000 });
  });

  it('infers what flows through the pipe', () => {
    const { bindings } = run('ps | where status == running | first | stop');
    const flow = [...bindings.values()].map((b) => `${b.inputType}->${b.outputType}`);
    expect(flow).toEqual(['nothing->container', 'container->container', 'container->container', 'container->result']);
  });

  it('binds commands inside blocks and sub-pipelines', () => {
    const { bindings } = run('if (ps | count) > 0 { ps | each { stop $it } }');
    expect([...bindings.keys()].map((c: Command) => c.name.name)).toEqual(['ps', 'count', 'ps', 'each', 'stop']);
  });

  it('accepts a valid script without diagnostics', () => {
    const script = [
      'use docker',
      'let image = $env.ICR_TEST_IMAGE',
      'run $image --name smoke -d -l app=smoke -- sh -c "sleep 300"',
      'wait smoke --for running --timeout 30s',
      'assert (exec smoke -- echo hi | get stdout) == "hi\\n" "exec works"',
      'let running = ps | where status == running and labels.app == smoke',
      '$running | stop -t 1',
      'for c in (ps -a) { echo $c.name }',
      'try { kill -s TERM smoke } catch err { echo $err }',
      'images | where size > 10MB | sort-by size | select repoTags size',
      'ps -r all | pause',
      'logs smoke --since 5m | count',
      'exit 0',
    ].join('\n');
    expect(problems(script)).toEqual([]);
  });
});

describe('diagnostics', () => {
  it('reports an unknown command with a suggestion', () => {
    expect(problems('ps | stpo')).toEqual(["1:6 check/unknown-command unknown command 'stpo' | did you mean stop?"]);
  });

  it('suggests quoting a lone word stored with let', () => {
    expect(problems('let name = web')).toEqual([
      `1:12 check/unknown-command unknown command 'web' | to store the text, quote it: let … = "web"`,
    ]);
  });

  it('reports an unknown flag with a suggestion', () => {
    expect(problems('logs web --tial 5')).toEqual([
      "1:10 check/unknown-flag unknown flag --tial for 'logs' | did you mean --tail?",
      "1:17 check/too-many-arguments 'logs' takes at most 1 argument (container) | quote a value that contains spaces",
    ]);
    expect(problems('ps -x')[0]).toMatch(
      /^1:4 check\/unknown-flag unknown flag -x for 'ps' \| 'ps' takes -a\/--all, -q\/--quiet, -r\/--runtime, -h\/--help$/,
    );
  });

  it('reads a long flag written with one dash once, as that flag', () => {
    expect(problems('run busybox -name web')).toEqual([
      "1:13 check/unknown-flag unknown flag -name for 'run' | did you mean --name?",
    ]);
    const bound = bindingOf('run busybox -name web', 'run');
    expect(bound.flags.get('name')).toMatchObject({ kind: 'String', value: 'web' });
    expect(problems('ps -aq')).toEqual([]);
  });

  it('reports a missing flag value', () => {
    expect(problems('logs web --tail')).toEqual(['1:10 check/missing-flag-value --tail needs a value: an integer']);
    expect(problems('logs web --tail -f')).toEqual(['1:10 check/missing-flag-value --tail needs a value: an integer']);
  });

  it('reports literals of the wrong type', () => {
    expect(problems('logs web --tail abc')).toEqual(["1:17 check/bad-argument --tail expects an integer, got 'abc'"]);
    expect(problems('sleep 5')).toEqual([
      "1:7 check/bad-argument 'sleep' expects a duration (500ms, 5s, 2m, 1h), got '5' | add a unit: 5s",
    ]);
    expect(problems('kill -s TREM web')).toEqual([
      "1:9 check/bad-argument -s expects a signal (TERM, SIGKILL, 9), got 'TREM' | did you mean SIGTERM?",
    ]);
    expect(problems('wait web --for runing')).toEqual([
      "1:16 check/bad-argument --for expects one of running, exited, removed, got 'runing' | did you mean running?",
    ]);
    expect(problems('run busybox -m lots')).toEqual([
      "1:16 check/bad-argument -m expects a size (512KB, 10MiB, 1GB), got 'lots'",
    ]);
    expect(problems('run busybox -l app')).toEqual([
      "1:16 check/bad-argument -l expects KEY=VALUE, got 'app' | write app=value",
    ]);
  });

  it('accepts signals by name, with or without SIG, and by number', () => {
    expect(problems('kill -s TERM a; kill -s SIGKILL a; kill -s hup a; kill -s 9 a')).toEqual([]);
  });

  it('reports a switch given a value', () => {
    expect(problems('ps --all=yes')).toEqual([
      '1:10 check/bad-argument --all is a switch and takes no value | write just --all',
    ]);
  });

  it('a container command with neither arguments nor input is an error, not a silent no-op', () => {
    expect(problems('stop')).toEqual([
      "1:1 check/missing-argument 'stop' needs containers: names or ids, or container records piped in | e.g. stop web, or ps -a | where status == exited | stop",
    ]);
    expect(problems('ps | stop')).toEqual([]);
    expect(problems('stop web')).toEqual([]);
    expect(problems('let none = []; stop $none')).toEqual([]);
  });

  it('reports missing and extra positionals', () => {
    expect(problems('sleep')).toEqual([
      "1:1 check/missing-argument 'sleep' needs the duration (a duration (500ms, 5s, 2m, 1h)) | e.g. sleep 2s",
    ]);
    expect(problems('ps | where')[0]).toMatch(/^1:6 check\/missing-argument 'where' needs a condition/);
    expect(problems('sleep 1s 2s')).toEqual([
      "1:10 check/too-many-arguments 'sleep' takes at most 1 argument (duration) | quote a value that contains spaces",
    ]);
    expect(problems('ps web')).toEqual([
      "1:4 check/too-many-arguments 'ps' takes no arguments | quote a value that contains spaces",
    ]);
  });

  it('reports rest words where none are taken, and missing required ones', () => {
    expect(problems('ps -- x')).toEqual(["1:4 check/unexpected-rest 'ps' takes no words after --"]);
    expect(problems('exec web')).toEqual([
      "1:1 check/missing-argument 'exec' needs command after -- | e.g. exec ... -- command",
    ]);
  });

  it('reports unknown fields of the record type flowing in', () => {
    expect(problems('ps | where nmae == web')).toEqual([
      "1:12 check/unknown-field container records have no field 'nmae' | did you mean name?",
    ]);
    expect(problems('images | select repoTags nmae')).toEqual([
      "1:26 check/unknown-field image records have no field 'nmae' | fields: runtime, id, repoTags, digests, size, createdAt, raw",
    ]);
    expect(problems('ps | sort-by createdat')).toEqual([
      "1:14 check/unknown-field container records have no field 'createdat' | did you mean createdAt?",
    ]);
    expect(problems('ps | get security.namespaces.hostpid')).toEqual([
      "1:30 check/unknown-field 'security.namespaces' have no field 'hostpid' | did you mean hostPid?",
    ]);
    expect(problems('ps | get name.first')).toEqual([
      "1:15 check/unknown-field 'name' is a string and has no field 'first'",
    ]);
  });

  it('lets map fields have any key and checks $it paths', () => {
    expect(problems('ps | where labels.anything == x and labels."a.b" == y')).toEqual([]);
    expect(problems('ps | each { echo $it.nme }')).toEqual([
      "1:22 check/unknown-field container records have no field 'nme' | did you mean name?",
    ]);
    expect(problems('ps | where $it.imge == x')).toEqual([
      "1:16 check/unknown-field container records have no field 'imge' | did you mean image?",
    ]);
  });

  it('does not check fields when the record type is unknown', () => {
    expect(problems('echo [1] | where whatever == 1 | select anything')).toEqual([]);
  });

  it('reports an input type mismatch', () => {
    expect(problems('images | stop')).toEqual([
      "1:10 check/input-type 'stop' expects container records but gets image records | 'stop' works on the output of 'ps'",
    ]);
    expect(problems('let xs = ps -a\n$xs | rmi')).toEqual([
      "2:7 check/input-type 'rmi' expects image records but gets container records | 'rmi' works on the output of 'images'",
    ]);
    expect(problems('ps | sleep 1s')).toEqual([
      "1:6 check/unexpected-input 'sleep' does not read from the pipe | start a new statement (newline or ;) before 'sleep'",
    ]);
  });

  it('reports unknown variables with suggestions, in scope order', () => {
    expect(problems('echo $nope')).toEqual([
      '1:6 check/unknown-variable unknown variable $nope | define it first: let nope = ...',
    ]);
    expect(problems('let image = "x"\necho $imag')).toEqual([
      '2:6 check/unknown-variable unknown variable $imag | did you mean $image?',
    ]);
    expect(problems('echo $later\nlet later = 1')).toHaveLength(1);
    expect(problems('for c in [1] { echo $c }\necho $c')).toEqual([
      '2:6 check/unknown-variable unknown variable $c | define it first: let c = ...',
    ]);
    expect(problems('echo $it')).toHaveLength(1);
    expect(problems('echo $env.HOME "$env.USER"')).toEqual([]);
  });

  it('reports unknown runtimes in use and -r', () => {
    expect(problems('use dokcer')).toEqual([
      "1:5 check/unknown-runtime unknown runtime 'dokcer' | did you mean docker?",
    ]);
    expect(problems('ps -r docker,podman')).toEqual([
      "1:7 check/unknown-runtime unknown runtime 'podman' | configured runtimes: docker, crio, runc (or all)",
    ]);
    expect(problems('ps -r all; ps -r docker,crio')).toEqual([]);
  });

  it('reports a verb the runtime lacks, from -r, use or the default', () => {
    expect(problems('pause web -r runc')).toEqual([
      "1:1 check/unsupported runtime 'runc' (plugin runc) does not support 'pause' | runtimes that can: docker, crio (use -r <name>)",
    ]);
    expect(problems('use runc\npause web')).toHaveLength(1);
    expect(problems('pause web', environment({ defaultRuntime: 'runc' }))).toHaveLength(1);
    expect(problems('pause web -r all')).toEqual([]);
    expect(problems('pause web')).toEqual([]);
  });

  it('follows the runtime of upstream records', () => {
    expect(problems('ps -r runc | pause')).toHaveLength(1);
    expect(problems('ps -r all | pause')).toEqual([]);
    expect(problems('ps -r runc | pause -r docker')).toEqual([]);
  });

  it('ends the effect of use at the end of its block', () => {
    expect(problems('if true { use runc }\npause web')).toEqual([]);
  });

  it('hints at the record syntax when a block holds key:value', () => {
    expect(problems('echo {a:1}')).toEqual([
      "1:7 check/unknown-command unknown command 'a:1' | a record needs a space after the colon: {key: value}",
    ]);
  });

  it('warns about a bare word compared inside an each block', () => {
    const { diagnostics } = run('ps | each { if status == running { echo $it.name } }');
    expect(diagnostics.map((d) => [d.severity, d.code, d.hint])).toEqual([
      ['warning', 'check/bare-word', 'to compare a field of the current record write $it.status'],
    ]);
    expect(run('let s = "running"\nif running == $s { echo same }').diagnostics).toEqual([]);
  });

  it('reports an invalid regular expression', () => {
    expect(problems("ps | where name =~ '(unclosed'")[0]).toMatch(/^1:20 check\/bad-regex invalid regular expression/);
  });

  it('reports several errors at once, in source order', () => {
    const lines = problems('ps | stpo\nsleep 5\necho $nope\nimages | stop');
    expect(lines.map((line) => line.split(' ')[0])).toEqual(['1:6', '2:7', '3:6', '4:10']);
  });

  it('does not throw on partial trees from error recovery', () => {
    for (const source of [
      'ps | | stop',
      'if { }',
      'let = 5',
      'for in {',
      'where (',
      'echo {a:',
      'exec web -- (',
      'try {} catch',
    ]) {
      const parsed = parse(source);
      expect(() => check(parsed.program, environment())).not.toThrow();
    }
  });
});

describe('variables', () => {
  it('adds top-level lets to the environment for later REPL lines', () => {
    const variables = new Map<string, VariableInfo>();
    run('let xs = ps -a\nlet n = ps | count\nlet s = "text"\nif true { let inner = 1 }', environment({ variables }));
    expect(Object.fromEntries(variables)).toEqual({
      xs: { type: 'container' },
      n: { type: 'value' },
      s: { type: 'value' },
    });
  });

  it('keeps the record type of a single record and drops it for a plain value', () => {
    const variables = new Map<string, VariableInfo>();
    run('let r = run busybox -d\nlet n = ps | count', environment({ variables }));
    expect(Object.fromEntries(variables)).toEqual({ r: { type: 'container' }, n: { type: 'value' } });
    expect(problems('let r = run busybox -d\necho $r.nme')).toEqual([
      "2:9 check/unknown-field container records have no field 'nme' | did you mean name?",
    ]);
  });

  it('uses variables from earlier REPL lines', () => {
    const variables = new Map<string, VariableInfo>([['imgs', { type: 'image' }]]);
    expect(problems('$imgs | rmi', environment({ variables }))).toEqual([]);
    expect(problems('$imgs | stop', environment({ variables }))).toHaveLength(1);
  });
});

describe('edit distance', () => {
  it('counts insertions, deletions, substitutions and swaps', () => {
    expect(editDistance('stop', 'stop')).toBe(0);
    expect(editDistance('stpo', 'stop')).toBe(1);
    expect(editDistance('sto', 'stop')).toBe(1);
    expect(editDistance('stap', 'stop')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
