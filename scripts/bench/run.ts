/**
 * Runs every benchmark and prints one summary table of ratios (icr's median
 * over the reference's; lower is better): parser throughput against its
 * budget, start-up against bare Node, and listing/removal against docker, ctr
 * and runc on the lab's runtimes. Each benchmark creates and removes its own
 * containers. `npm run bench` builds first; the lab must be up.
 *
 *   node scripts/bench/run.ts [parse|startup|docker|containerd|runc ...]
 *   ICR_BENCH_BIN=/other/build/packages/lang/bin/icr.js node scripts/bench/run.ts   # the same against another build
 */
import { benchContainerd } from './containerd.ts';
import { benchDocker } from './docker.ts';
import { type Row, summaryTable } from './harness.ts';
import { benchParse } from './parse.ts';
import { benchRunc } from './runc.ts';
import { benchStartup } from './startup.ts';

// CRI-O has no CLI of its own here (no crictl), so there is nothing to compare it against.
const BENCHMARKS: ReadonlyArray<[string, () => Row[]]> = [
  ['parse', () => benchParse()],
  ['startup', benchStartup],
  ['docker', benchDocker],
  ['containerd', benchContainerd],
  ['runc', benchRunc],
];

const wanted = new Set(process.argv.slice(2));
const unknown = [...wanted].filter((name) => !BENCHMARKS.some(([known]) => known === name));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.map(([name]) => name).join(', ')}`);
  process.exit(2);
}

const rows: Row[] = [];
const failures: string[] = [];
for (const [name, bench] of BENCHMARKS) {
  if (wanted.size > 0 && !wanted.has(name)) continue;
  console.log(`== ${name}`);
  try {
    rows.push(...bench());
  } catch (error) {
    // One runtime being down should not hide the others' numbers.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`${name}: ${message}`);
    failures.push(`${name}: ${message.split('\n')[0]}`);
  }
}
console.log(`\n${summaryTable(rows, failures)}`);
process.exitCode = failures.length > 0 ? 1 : 0;
