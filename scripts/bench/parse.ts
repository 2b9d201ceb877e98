/**
 * Parser benchmark: parses a generated 10,000-line script that looks like
 * real icr (pipelines, conditions, control flow, strings, flags) and prints
 * the median time of several runs. Target: < 200 ms (the ratio in the summary
 * table is against that budget).
 *
 *   node scripts/bench/parse.ts [lines] [runs]
 */
import { parse } from '../../packages/lang/src/language/parser.ts';
import { isMain, type Row, summaryTable } from './harness.ts';

/** The parse budget the ratio is taken against (for 10,000 lines). */
const BUDGET_MS = 200;

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

export interface ParseTiming {
  lines: number;
  chars: number;
  statements: number;
  medianMs: number;
  /** The first, cold run, including the parser's grammar analysis. */
  firstMs: number;
  runs: number;
}

export function timeParse(lines = 10_000, runs = 7): ParseTiming {
  const source = script(lines);
  // The first parse builds the parser (grammar analysis); measured separately.
  let started = performance.now();
  const first = parse(source);
  const firstMs = performance.now() - started;
  if (first.diagnostics.length > 0) {
    throw new Error(`the benchmark script does not parse cleanly: ${JSON.stringify(first.diagnostics.slice(0, 3))}`);
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
  return {
    lines: source.split('\n').length,
    chars: source.length,
    statements: first.program.statements.length,
    medianMs: times[Math.floor(times.length / 2)]!,
    firstMs,
    runs,
  };
}

export function benchParse(lines = 10_000, runs = 7): Row[] {
  const timing = timeParse(lines, runs);
  console.log(
    `parse: ${timing.lines} lines, ${timing.chars} chars, ${timing.statements} statements: ` +
      `median ${timing.medianMs.toFixed(1)} ms over ${runs} runs after 3 warm-up runs (first, cold run incl. parser setup: ${timing.firstMs.toFixed(1)} ms)`,
  );
  return [
    {
      benchmark: `parse: ${lines} lines`,
      icrMs: timing.medianMs,
      reference: 'budget',
      referenceMs: (BUDGET_MS * lines) / 10_000,
    },
  ];
}

if (isMain(import.meta)) {
  const rows = benchParse(Number(process.argv[2] ?? 10_000), Number(process.argv[3] ?? 7));
  console.log(`\n${summaryTable(rows)}`);
}
