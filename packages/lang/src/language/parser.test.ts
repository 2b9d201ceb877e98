import { describe, expect, it } from 'vitest';
import type { Expression, IfStatement, LetStatement, PipelineStatement, StringLiteral } from './ast.ts';
import { CONDITION_COMMANDS, parse } from './parser.ts';
import { argsOf, commandsOf, conditionOf, onlyStatement, parseOk, withoutSpans } from './test-support.ts';

const bare = (value: string) => ({ kind: 'String', value, bare: true });
const quoted = (value: string) => ({ kind: 'String', value, bare: false });
const field = (...names: string[]) => ({ kind: 'FieldPath', path: names.map((name) => ({ name, quoted: false })) });
const flag = (name: string, long = false, value: unknown = null) => ({ kind: 'Flag', name, long, value });
const num = (value: number, text = String(value)) => ({ kind: 'Number', value, text });

describe('pipelines and commands', () => {
  it('parses a pipeline of commands', () => {
    const commands = commandsOf('ps -a | where status == running | stop');
    expect(commands.map((c) => c.name.name)).toEqual(['ps', 'where', 'stop']);
  });

  it('keeps flags and positionals in order without knowing signatures', () => {
    expect(argsOf('logs web --tail 5 -f --since=10m')).toEqual([
      bare('web'),
      flag('tail', true),
      num(5),
      flag('f'),
      flag('since', true, { kind: 'Duration', milliseconds: 600_000, text: '10m' }),
    ]);
  });

  it('splits grouped short flags into one flag each', () => {
    expect(argsOf('ps -aq')).toEqual([flag('a'), flag('q')]);
  });

  it('gives every short flag of a group its own span', () => {
    const [command] = commandsOf('ps -abc');
    const columns = command!.args.map((a) => [a.span.start.column, a.span.end.column]);
    expect(columns).toEqual([
      [4, 6],
      [6, 7],
      [7, 8],
    ]);
  });

  it('glues touching tokens into one bare word in argument position', () => {
    expect(argsOf('run -e K=V -l app=web -r docker,crio')).toEqual([
      flag('e'),
      bare('K=V'),
      flag('l'),
      bare('app=web'),
      flag('r'),
      bare('docker,crio'),
    ]);
  });

  it('keeps image references, paths and digests as bare words', () => {
    expect(argsOf('pull 127.0.0.1:5055/icr/busybox:latest ./x a.b-c_d sha256:abc123 /tmp/file')).toEqual([
      bare('127.0.0.1:5055/icr/busybox:latest'),
      bare('./x'),
      bare('a.b-c_d'),
      bare('sha256:abc123'),
      bare('/tmp/file'),
    ]);
  });

  it('reads --flag=value with the value glued, including an empty value', () => {
    expect(argsOf('ps --filter=label=a=b --name=')).toEqual([
      flag('filter', true, bare('label=a=b')),
      flag('name', true, bare('')),
    ]);
  });

  it('takes words after -- verbatim until the end of the pipe stage', () => {
    const [run, count] = commandsOf("exec web -- sh -c 'echo a; echo b' --x -1 a=b | count");
    expect(withoutSpans(run!.rest!.words)).toEqual([
      bare('sh'),
      bare('-c'),
      quoted('echo a; echo b'),
      bare('--x'),
      bare('-1'),
      bare('a=b'),
    ]);
    expect(count!.name.name).toBe('count');
  });

  it('ends rest words at ) when the command sits in parentheses', () => {
    const statement = onlyStatement('assert (exec web -- true) == 0') as { condition: Expression };
    const condition = withoutSpans(statement.condition) as {
      left: { pipeline: { commands: Array<{ rest: unknown }> } };
    };
    expect(condition.left.pipeline.commands[0]!.rest).toEqual({ kind: 'Rest', words: [bare('true')] });
  });

  it('keeps balanced parentheses inside rest words', () => {
    const [exec] = commandsOf('exec web -- echo (a) b');
    expect(withoutSpans(exec!.rest!.words)).toEqual([bare('echo'), bare('(a)'), bare('b')]);
  });

  it('ends rest words at } and ;', () => {
    const program = parseOk('ps | each { exec $it -- ls -l }; echo done');
    expect(program.statements).toHaveLength(2);
  });

  it('interpolates variables in rest words', () => {
    const [exec] = commandsOf('exec web -- echo $msg pre-$n');
    expect(withoutSpans(exec!.rest!.words)).toEqual([
      bare('echo'),
      { kind: 'Variable', name: 'msg', path: [] },
      { kind: 'Template', parts: ['pre-', { kind: 'Variable', name: 'n', path: [] }] },
    ]);
  });

  it('does not let keywords eat identifiers that start with them', () => {
    expect(commandsOf('inspect web').map((c) => c.name.name)).toEqual(['inspect']);
    expect(argsOf('echo uses notes letter iffy format order android trying nullable')).toEqual(
      ['uses', 'notes', 'letter', 'iffy', 'format', 'order', 'android', 'trying', 'nullable'].map(bare),
    );
  });

  it('treats keywords in argument position as words', () => {
    expect(argsOf('echo if else in')).toEqual([bare('if'), bare('else'), bare('in')]);
  });

  it('continues a line that ends in |', () => {
    expect(commandsOf('ps |\n  where status == running |\n  count').map((c) => c.name.name)).toEqual([
      'ps',
      'where',
      'count',
    ]);
  });

  it('continues onto a line that starts with |', () => {
    expect(commandsOf('ps\n  | where status == running\n\n  | count').map((c) => c.name.name)).toEqual([
      'ps',
      'where',
      'count',
    ]);
  });

  it('separates statements by newlines and semicolons and skips comments', () => {
    const program = parseOk('ps # list\n\n# alone\nimages; pods ;\n');
    expect(program.statements).toHaveLength(3);
  });

  it('allows newlines inside parentheses and lists', () => {
    const program = parseOk('echo [\n  a,\n  b\n] (ps\n  -a\n  | count)');
    expect(program.statements).toHaveLength(1);
  });

  it('exports where as a condition command', () => {
    expect(CONDITION_COMMANDS.has('where')).toBe(true);
  });
});

describe('literals', () => {
  it('reads numbers, negative numbers and decimals', () => {
    expect(argsOf('echo 42 -7 1.5 007')).toEqual([num(42), num(-7), num(1.5), num(7, '007')]);
  });

  it('reads sizes with decimal and binary units, case-insensitively', () => {
    expect(argsOf('echo 10MB 10MiB 1kb 2GiB 512B 1tb')).toEqual([
      { kind: 'Size', bytes: 10_000_000, text: '10MB' },
      { kind: 'Size', bytes: 10 * 1024 ** 2, text: '10MiB' },
      { kind: 'Size', bytes: 1000, text: '1kb' },
      { kind: 'Size', bytes: 2 * 1024 ** 3, text: '2GiB' },
      { kind: 'Size', bytes: 512, text: '512B' },
      { kind: 'Size', bytes: 1e12, text: '1tb' },
    ]);
  });

  it('reads durations, long unit names and compound durations', () => {
    const durations = (argsOf('echo 500ms 5s 2m 1h 1d 5sec 2min 1h30m') as Array<{ milliseconds: number }>).map(
      (d) => d.milliseconds,
    );
    expect(durations).toEqual([500, 5000, 120_000, 3_600_000, 86_400_000, 5000, 120_000, 5_400_000]);
  });

  it('reads booleans and null', () => {
    expect(argsOf('echo true false null')).toEqual([
      { kind: 'Boolean', value: true },
      { kind: 'Boolean', value: false },
      { kind: 'Null' },
    ]);
  });

  it('keeps single-quoted strings raw', () => {
    expect(argsOf(String.raw`echo 'a\n$x "b"'`)).toEqual([quoted(String.raw`a\n$x "b"`)]);
  });

  it('resolves escapes in double-quoted strings', () => {
    expect(argsOf(String.raw`echo "a\nb\t\"q\" \\ \$x"`)).toEqual([quoted('a\nb\t"q" \\ $x')]);
  });

  it('interpolates $var, $var.path, braces and $env.NAME in double quotes', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: icr's own ${var} interpolation.
    expect(argsOf('echo "hi $name, $c.labels.app ${n}th $env.HOME."')).toEqual([
      {
        kind: 'Template',
        parts: [
          'hi ',
          { kind: 'Variable', name: 'name', path: [] },
          ', ',
          {
            kind: 'Variable',
            name: 'c',
            path: [
              { name: 'labels', quoted: false },
              { name: 'app', quoted: false },
            ],
          },
          ' ',
          { kind: 'Variable', name: 'n', path: [] },
          'th ',
          { kind: 'Variable', name: 'env', path: [{ name: 'HOME', quoted: false }] },
          '.',
        ],
      },
    ]);
  });

  it('parses $( pipeline ) inside double quotes', () => {
    const [template] = argsOf('echo "n=$(ps | count)"') as Array<{
      parts: Array<string | { kind: string; pipeline: { commands: unknown[] } }>;
    }>;
    const sub = template!.parts[1] as { kind: string; pipeline: { commands: Array<{ name: { name: string } }> } };
    expect(sub.kind).toBe('SubPipeline');
    expect(sub.pipeline.commands.map((c) => c.name.name)).toEqual(['ps', 'count']);
  });

  it('reports problems inside $( ) at their place, never as incomplete input', () => {
    const result = parse('echo "a $(ps | )"');
    expect(result.diagnostics.map((d) => `${d.span.start.column} ${d.message}`)).toEqual([
      "15 expected a command name, found ')'",
    ]);
    expect(result.incomplete).toBe(false);
    expect(parse('echo "$(a; b)"').diagnostics.map((d) => d.message)).toEqual(['expected one pipeline inside $( )']);
  });

  it('reads lists with optional commas, nested lists and records', () => {
    expect(argsOf('echo [a, b 1 [x]] {name: web, n: 2, tags: [a b]}')).toEqual([
      { kind: 'List', items: [bare('a'), bare('b'), num(1), { kind: 'List', items: [bare('x')] }] },
      {
        kind: 'Record',
        fields: [
          { key: 'name', value: bare('web') },
          { key: 'n', value: num(2) },
          { key: 'tags', value: { kind: 'List', items: [bare('a'), bare('b')] } },
        ],
      },
    ]);
  });

  it('reads records with quoted keys and the empty record', () => {
    expect(argsOf('echo {"a b": 1} {}')).toEqual([
      { kind: 'Record', fields: [{ key: 'a b', value: num(1) }] },
      { kind: 'Record', fields: [] },
    ]);
  });

  it('reads a brace without a key as a block', () => {
    const [each] = argsOf('each { stop $it }') as Array<{ kind: string }>;
    expect(each!.kind).toBe('BlockExpression');
  });

  it('reads variables with paths and quoted segments', () => {
    expect(argsOf('echo $it.labels."com.docker.compose.project"')).toEqual([
      {
        kind: 'Variable',
        name: 'it',
        path: [
          { name: 'labels', quoted: false },
          { name: 'com.docker.compose.project', quoted: true },
        ],
      },
    ]);
  });

  it('records the field-path reading of a word glued with quoted parts', () => {
    const [value] = argsOf('get labels."a.b"') as StringLiteral[];
    expect(value).toEqual({
      kind: 'String',
      value: 'labels.a.b',
      bare: true,
      path: [
        { name: 'labels', quoted: false },
        { name: 'a.b', quoted: true },
      ],
    });
  });

  it('glues a word and a variable into a template', () => {
    expect(argsOf('echo web-$n')).toEqual([
      { kind: 'Template', parts: ['web-', { kind: 'Variable', name: 'n', path: [] }] },
    ]);
  });
});

describe('conditions', () => {
  it('reads a bare word on the left as a field and on the right as a string', () => {
    expect(conditionOf('status == running')).toEqual({
      kind: 'Binary',
      operator: '==',
      left: field('status'),
      right: bare('running'),
    });
  });

  it('does not glue status=running into one word in a condition', () => {
    expect(conditionOf('status=running')).toEqual({
      kind: 'Binary',
      operator: '==',
      left: field('status'),
      right: bare('running'),
    });
  });

  it('reads every comparison operator', () => {
    const operators = ['==', '=', '!=', '<', '<=', '>', '>=', '=~', '!~', 'in', 'not-in', 'starts-with', 'ends-with'];
    for (const operator of operators) {
      const condition = conditionOf(`a ${operator} b`) as { operator: string };
      expect(condition.operator).toBe(operator === '=' ? '==' : operator);
    }
  });

  it('reads quoted field segments', () => {
    expect(conditionOf('labels."com.docker.compose.project" == demo')).toEqual({
      kind: 'Binary',
      operator: '==',
      left: {
        kind: 'FieldPath',
        path: [
          { name: 'labels', quoted: false },
          { name: 'com.docker.compose.project', quoted: true },
        ],
      },
      right: bare('demo'),
    });
  });

  it('binds not tighter than and, and and tighter than or', () => {
    const condition = conditionOf('a == 1 or not b == 2 and c') as Expression;
    expect(condition).toEqual({
      kind: 'Binary',
      operator: 'or',
      left: { kind: 'Binary', operator: '==', left: field('a'), right: num(1) },
      right: {
        kind: 'Binary',
        operator: 'and',
        left: {
          kind: 'Unary',
          operator: 'not',
          operand: { kind: 'Binary', operator: '==', left: field('b'), right: num(2) },
        },
        right: field('c'),
      },
    });
  });

  it('binds * tighter than + and + tighter than comparison', () => {
    expect(conditionOf('size + 2 * 3 > 10MB')).toEqual({
      kind: 'Binary',
      operator: '>',
      left: {
        kind: 'Binary',
        operator: '+',
        left: field('size'),
        right: { kind: 'Binary', operator: '*', left: num(2), right: num(3) },
      },
      right: { kind: 'Size', bytes: 10_000_000, text: '10MB' },
    });
  });

  it('groups with parentheses inside a condition', () => {
    const condition = conditionOf('(status == running or status == paused) and name starts-with web') as {
      left: { operator: string };
    };
    expect(condition.left.operator).toBe('or');
  });

  it('reads a parenthesized pipeline inside a condition as a sub-pipeline', () => {
    const condition = conditionOf('size > (images | first | get size)') as { right: { kind: string } };
    expect(condition.right.kind).toBe('SubPipeline');
  });

  it('lets a variable feed a pipeline inside a condition', () => {
    const condition = conditionOf('($names | count) > 1') as unknown as {
      left: { kind: string; pipeline: { source: { name: string } } };
    };
    expect(condition.left.kind).toBe('SubPipeline');
    expect(condition.left.pipeline.source.name).toBe('names');
  });

  it('reads lists and regexes on the right', () => {
    expect(conditionOf("status in [running, paused] and image =~ '^busy'")).toEqual({
      kind: 'Binary',
      operator: 'and',
      left: {
        kind: 'Binary',
        operator: 'in',
        left: field('status'),
        right: { kind: 'List', items: [bare('running'), bare('paused')] },
      },
      right: { kind: 'Binary', operator: '=~', left: field('image'), right: quoted('^busy') },
    });
  });

  it('reads $it paths and variables on either side', () => {
    expect(conditionOf('$it.name == $wanted')).toEqual({
      kind: 'Binary',
      operator: '==',
      left: { kind: 'Variable', name: 'it', path: [{ name: 'name', quoted: false }] },
      right: { kind: 'Variable', name: 'wanted', path: [] },
    });
  });

  it('records the operator span', () => {
    const [where] = commandsOf('where a   != b');
    const condition = where!.args[0] as { operatorSpan: { start: { column: number }; end: { column: number } } };
    expect([condition.operatorSpan.start.column, condition.operatorSpan.end.column]).toEqual([11, 13]);
  });
});

describe('statements', () => {
  it('parses let with a pipeline or a value', () => {
    const program = parseOk('let xs = ps -a | where status == exited\nlet n = 5\nlet img = $env.ICR_TEST_IMAGE');
    const [xs, n, img] = program.statements as LetStatement[];
    expect(xs!.name.name).toBe('xs');
    expect(xs!.value.commands.map((c) => c.name.name)).toEqual(['ps', 'where']);
    expect(withoutSpans(n!.value.source)).toEqual(num(5));
    expect(withoutSpans(img!.value.source)).toEqual({
      kind: 'Variable',
      name: 'env',
      path: [{ name: 'ICR_TEST_IMAGE', quoted: false }],
    });
  });

  it('parses a variable as a pipeline source', () => {
    const statement = onlyStatement('$xs | stop') as PipelineStatement;
    expect(withoutSpans(statement.pipeline.source)).toEqual({ kind: 'Variable', name: 'xs', path: [] });
    expect(statement.pipeline.commands.map((c) => c.name.name)).toEqual(['stop']);
  });

  it('parses use', () => {
    expect(withoutSpans(onlyStatement('use docker'))).toEqual({
      kind: 'UseStatement',
      runtime: { kind: 'Identifier', name: 'docker' },
    });
  });

  it('parses if / else if / else, also with else on the next line', () => {
    const statement = onlyStatement(
      'if $a { echo 1 }\nelse if (ps | count) > 0 {\n  echo 2\n} else {\n  echo 3\n}',
    ) as IfStatement;
    expect(statement.kind).toBe('IfStatement');
    const elseIf = statement.otherwise as IfStatement;
    expect(elseIf.kind).toBe('IfStatement');
    expect((elseIf.condition as { left: { kind: string } }).left.kind).toBe('SubPipeline');
    expect(elseIf.otherwise?.kind).toBe('Block');
  });

  it('parses for over a sub-pipeline, a list and a variable', () => {
    const program = parseOk('for c in (ps -a) { stop $c }\nfor n in [1, 2] { echo $n }\nfor x in $xs { echo $x }');
    expect(program.statements.map((s) => s.kind)).toEqual(['ForStatement', 'ForStatement', 'ForStatement']);
  });

  it('parses assert with and without a message', () => {
    const [a, b] = parseOk('assert (exec web -- true | get exitCode) == 0\nassert $ok "it works"').statements as Array<{
      message: unknown;
    }>;
    expect(a!.message).toBeNull();
    expect(withoutSpans(b!.message)).toEqual(quoted('it works'));
  });

  it('parses exit with and without a code', () => {
    const [a, b] = parseOk('exit\nexit 3').statements as Array<{ code: unknown }>;
    expect(a!.code).toBeNull();
    expect(withoutSpans(b!.code)).toEqual(num(3));
  });

  it('parses try / catch with and without an error variable', () => {
    const [a, b] = parseOk('try { rm web } catch err { echo $err.message }\ntry { rm web }\ncatch { echo failed }')
      .statements as Array<{
      errorVariable: { name: string } | null;
    }>;
    expect(a!.errorVariable?.name).toBe('err');
    expect(b!.errorVariable).toBeNull();
  });

  it('parses nested blocks across lines', () => {
    const program = parseOk('if true {\n  for x in [1] {\n    if $x == 1 { echo one }\n  }\n}\necho after');
    expect(program.statements).toHaveLength(2);
  });

  it('spans statements and the program', () => {
    const result = parse('ps\nimages | count');
    const second = result.program.statements[1]!;
    expect(second.span.start).toEqual({ offset: 3, line: 2, column: 1 });
    expect(second.span.end).toEqual({ offset: 17, line: 2, column: 15 });
    expect(result.program.span.end.offset).toBe(17);
  });
});

describe('errors', () => {
  const messages = (source: string) =>
    parse(source).diagnostics.map((d) => `${d.span.start.line}:${d.span.start.column} ${d.message}`);

  it('reports several errors at once, in source order', () => {
    const result = parse('ps | | stop\nlet = 5\necho )');
    expect(result.diagnostics.map((d) => d.span.start.line)).toEqual([1, 2, 3]);
    expect(result.incomplete).toBe(false);
  });

  it('says what was expected', () => {
    expect(messages('ps | | stop')).toEqual(["1:6 expected a command name, found '|'"]);
    expect(messages('let = 5')).toEqual(["1:5 expected a variable name after 'let', found '='"]);
    expect(messages('if { }')).toEqual(["1:4 expected a value, found '{'"]);
    expect(messages('for in x {}')).toEqual(["1:5 expected a loop variable name after 'for', found 'in'"]);
  });

  it('reports stray closers and keywords', () => {
    expect(messages('echo }')).toEqual(["1:6 unexpected '}': nothing is open here"]);
    expect(messages('else { }')[0]).toBe("1:1 'else' must come right after the '}' of an 'if' block");
  });

  it('reports a lone $ and junk after a condition', () => {
    expect(messages('echo $ x')).toEqual(["1:6 unexpected character '$'"]);
    expect(messages('where a == b c')).toEqual(["1:14 unexpected value after the condition of 'where'"]);
  });

  it('reports a missing separator between statements', () => {
    expect(messages('if true { echo } echo')).toEqual(["1:18 expected a newline or ';' before 'echo'"]);
  });

  it('warns about unknown escapes without failing', () => {
    const result = parse(String.raw`echo "\q"`);
    expect(result.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'parse/unknown-escape']]);
  });

  it.each([
    ['ps |'],
    ['ps |\n'],
    ['if $x {'],
    ['if $x {\n  echo 1\n'],
    ['echo "abc'],
    ["echo 'abc"],
    ['(ps'],
    ['[1, 2'],
    ['try { }'],
    ['echo {a: 1'],
    ['for x in [1] {\n  if $x {\n'],
  ])('marks %j as incomplete (only the end of input is missing)', (source) => {
    const result = parse(source);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.incomplete).toBe(true);
  });

  it.each([['ps | | stop'], ['echo }'], ['ps |\n|'], ['let = 5\nif x {'], ['']])(
    'does not mark %j as incomplete',
    (source) => {
      expect(parse(source).incomplete).toBe(false);
    },
  );

  it('refuses nesting and operator chains deep enough to exhaust the stack, without throwing', () => {
    const deepParens = `echo ${'('.repeat(5000)}1${')'.repeat(5000)}`;
    expect(parse(deepParens).diagnostics.map((d) => d.code)).toEqual(['parse/too-deep']);
    expect(parse(`echo (${'1 + '.repeat(20_000)}1)`).diagnostics.map((d) => d.code)).toEqual(['parse/too-deep']);
    expect(parse(`assert ${'not '.repeat(5000)}true`).diagnostics.map((d) => d.code)).toEqual(['parse/too-deep']);
    // The limits leave room for anything a person writes.
    expect(parse(`echo ${'('.repeat(64)}1${')'.repeat(64)}`).diagnostics).toEqual([]);
    expect(parse(`echo (${'1 + '.repeat(400)}1)`).diagnostics).toEqual([]);
    // The shared parser is fine afterwards.
    expect(parse('ps | where a == 1').diagnostics).toEqual([]);
  });

  it('puts the caret for a missing end after the last token', () => {
    const [diagnostic] = parse('ps -a |   \n\n').diagnostics;
    expect(diagnostic!.span.start).toEqual({ offset: 7, line: 1, column: 8 });
  });

  it('keeps parsing after an error and returns the recovered statements', () => {
    const result = parse('ps | | stop\nimages\necho "ok"');
    expect(result.program.statements.length).toBeGreaterThanOrEqual(2);
    const last = result.program.statements[result.program.statements.length - 1] as PipelineStatement;
    expect(last.pipeline.commands[0]!.name.name).toBe('echo');
  });
});
