/**
 * Parser benchmark: parses a generated 10,000-line script that looks like
 * real icr (pipelines, conditions, control flow, strings, flags) and prints
 * the median time of several runs. Target: < 200 ms.
 *
 *   node scripts/bench/parse.ts [lines] [runs]
 */
import { parse } from '../../packages/lang/src/language/parser.ts';

const SNIPPETS: readonly string[] = [
  'ps -a | where status == running and labels.app == web | stop -t 5',
  'let image = $env.ICR_TEST_IMAGE',
  "run $image --name web-$i -d -l app=web -e MODE=test --network none -- sh -c 'echo ready; sleep 300'",
  'wait web --for running --timeout 30s',
  'assert (exec web -- echo hi | get stdout) == "hi\\n" "exec works"',
  'images | where size > 10MB | sort-by size | select repoTags size',
  'if (ps | where name == web | count) > 0 {\n  echo "still running: $x.name"\n} else {\n  echo done\n}',
  'for c in (ps -a -r all) {\n  rm -f $c\n}',
  'try { pause web } catch err { echo "failed: $err.message" }',
  'ps\n  | where labels."com.docker.compose.project" == demo\n  | select name status image',
  "logs web --tail 100 | where line =~ '^ERROR' | count",
  'sleep 500ms; echo {name: web, replicas: 2, tags: [a, b, c]}',
  '# a comment line',
  'ps | each { inspect $it | get security.capabilities }',
];

function script(lines: number): string {
  const out: string[] = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const snippet = SNIPPETS[i % SNIPPETS.length]!;
    out.push(snippet);
    count += snippet.split('\n').length;
  }
  return out.join('\n');
}

const lines = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 7);
const source = script(lines);

// The first parse builds the parser (grammar analysis); measured separately.
let started = performance.now();
const first = parse(source);
const firstMs = performance.now() - started;
if (first.diagnostics.length > 0) {
  console.error('the benchmark script does not parse cleanly:', first.diagnostics.slice(0, 3));
  process.exit(1);
}

// Warm-up runs (not counted) so the median reflects steady state rather than JIT tiers.
for (let run = 0; run < 3; run++) parse(source);

const times: number[] = [];
for (let run = 0; run < runs; run++) {
  started = performance.now();
  parse(source);
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
console.log(
  `parse: ${source.split('\n').length} lines, ${source.length} chars, ${first.program.statements.length} statements: ` +
    `median ${median.toFixed(1)} ms over ${runs} runs after 3 warm-up runs (first, cold run incl. parser setup: ${firstMs.toFixed(1)} ms)`,
);
