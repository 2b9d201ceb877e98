import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../checker/check.ts';
import { TEST_SIGNATURES } from '../checker/test-signatures.ts';
import type { Node, Span } from './ast.ts';
import { formatDiagnostics } from './format-diagnostic.ts';
import { parse } from './parser.ts';
import { LineTable } from './positions.ts';
import { walk } from './walk.ts';

/** ICR_FUZZ_SCALE=20 runs the properties twenty times longer (for a local soak). */
const SCALE = Number(process.env.ICR_FUZZ_SCALE ?? 1);
/** Generous: the properties run a few thousand parses, and CI machines are busy. */
const TIMEOUT = 60_000 * SCALE;

/** Words and symbols of the language, for token soups. */
const VOCABULARY = [
  'ps',
  'where',
  'stop',
  'images',
  'each',
  'echo',
  'sleep',
  'logs',
  'exec',
  'inspect',
  'count',
  'get',
  'select',
  'let',
  'if',
  'else',
  'for',
  'in',
  'assert',
  'exit',
  'try',
  'catch',
  'use',
  'and',
  'or',
  'not',
  'true',
  'false',
  'null',
  'not-in',
  'starts-with',
  'ends-with',
  'uses',
  'notes',
  'inspect',
  '|',
  ';',
  '\n',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '=',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '=~',
  '!~',
  '+',
  '-',
  '*',
  '/',
  '--',
  '--tail',
  '--name=web',
  '-a',
  '-abc',
  '-r',
  'all',
  'docker,crio',
  '$',
  '$it',
  '$x.name',
  '$env.HOME',
  '$it.labels."a.b"',
  '"',
  "'",
  '"hi $x"',
  "'raw'",
  '"$(ps | count)"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: icr's own ${var} interpolation.
  '"${x}"',
  '"\\q"',
  '#',
  '# comment\n',
  '\\',
  '10MB',
  '5s',
  '500ms',
  '1h30m',
  '-5',
  '1.5',
  '42',
  'status',
  'running',
  'labels.app',
  'labels."x.y"',
  'name:',
  '{a: 1}',
  '127.0.0.1:5055/icr/busybox:latest',
  './x',
  'sha256:abc',
  'K=V',
  ' ',
  '  ',
  '\t',
  '\r\n',
  'é',
  '🐳',
  '\u00a0',
];

const VALID_SCRIPTS = [
  'ps -a | where status == running and labels.app == web | stop -t 5',
  "let image = $env.ICR_TEST_IMAGE\nrun $image --name smoke -d -- sh -c 'echo ready; sleep 300'",
  'assert (exec smoke -- echo hi | get stdout) == "hi\\n" "exec works"',
  'if (ps | where name == web | count) > 0 {\n  echo "yes $x.name"\n} else if $y { echo b } else {\n  echo no\n}',
  'for c in (ps -a) {\n  try { rm $c } catch err { echo "failed: $err.message" }\n}',
  'ps\n  | where labels."com.docker.compose.project" == demo\n  | select name status',
  'echo {name: web, tags: [a, b 1]} [1, 2, 3]; sleep 500ms; exit 2',
  'use docker\nimages | where size > 10MiB | sort-by size',
];

function tokenSoup(): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.constantFrom(...VOCABULARY), fc.constantFrom('', ' ', ' ', '\n')), { maxLength: 40 })
    .map((parts) => parts.map(([token, space]) => token + space).join(''));
}

function mutatedScript(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...VALID_SCRIPTS),
      fc.array(
        fc.tuple(fc.nat(), fc.nat({ max: 4 }), fc.oneof(fc.constantFrom(...VOCABULARY), fc.string({ maxLength: 3 }))),
        { minLength: 1, maxLength: 4 },
      ),
    )
    .map(([script, edits]) => {
      let text = script;
      for (const [at, remove, insert] of edits) {
        const position = at % (text.length + 1);
        text = text.slice(0, position) + insert + text.slice(position + remove);
      }
      return text;
    });
}

function assertSpanInside(span: Span, lines: LineTable, what: string): void {
  const length = lines.source.length;
  expect(span.start.offset, what).toBeGreaterThanOrEqual(0);
  expect(span.end.offset, what).toBeGreaterThanOrEqual(span.start.offset);
  expect(span.end.offset, what).toBeLessThanOrEqual(length);
  // Line and column agree with the offset.
  expect(span.start, what).toEqual(lines.position(span.start.offset));
  expect(span.end, what).toEqual(lines.position(span.end.offset));
}

function checkInvariants(source: string): void {
  const result = parse(source);
  expect(typeof result.incomplete).toBe('boolean');
  const lines = new LineTable(source);
  for (const diagnostic of result.diagnostics) {
    assertSpanInside(diagnostic.span, lines, `diagnostic ${diagnostic.message}`);
    expect(diagnostic.message.length).toBeGreaterThan(0);
  }
  if (result.incomplete) expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  walk(result.program, (node: Node) => assertSpanInside(node.span, lines, node.kind));
  // The checker and the formatter must cope with whatever recovery produced.
  const checked = check(result.program, {
    signatures: TEST_SIGNATURES,
    runtimes: new Map([['docker', { plugin: 'docker', capabilities: ['ps', 'stop'] }]]),
    defaultRuntime: 'docker',
    variables: new Map(),
  });
  for (const diagnostic of checked.diagnostics) assertSpanInside(diagnostic.span, lines, `check ${diagnostic.message}`);
  formatDiagnostics([...result.diagnostics, ...checked.diagnostics], source, 'prop.icr', { color: true });
}

describe('parse never throws and reports positions inside the source', () => {
  it(
    'on random strings',
    () => {
      fc.assert(fc.property(fc.string({ maxLength: 80, unit: 'binary' }), checkInvariants), { numRuns: 500 * SCALE });
    },
    TIMEOUT,
  );

  it(
    'on token soups from the language vocabulary',
    () => {
      fc.assert(fc.property(tokenSoup(), checkInvariants), { numRuns: 1000 * SCALE });
    },
    TIMEOUT,
  );

  it(
    'on mutated valid scripts',
    () => {
      fc.assert(fc.property(mutatedScript(), checkInvariants), { numRuns: 1000 * SCALE });
    },
    TIMEOUT,
  );

  it(
    'leaves no state behind in the shared parser',
    () => {
      const expected = VALID_SCRIPTS.map((script) => JSON.stringify(parse(script)));
      fc.assert(
        fc.property(
          fc.oneof(tokenSoup(), mutatedScript()),
          fc.nat({ max: VALID_SCRIPTS.length - 1 }),
          (junk, index) => {
            parse(junk);
            expect(JSON.stringify(parse(VALID_SCRIPTS[index]!))).toBe(expected[index]);
          },
        ),
        { numRuns: 200 * SCALE },
      );
    },
    TIMEOUT,
  );

  it('on the valid scripts themselves, without diagnostics', () => {
    for (const script of VALID_SCRIPTS) {
      expect(parse(script).diagnostics).toEqual([]);
      checkInvariants(script);
    }
  });
});
