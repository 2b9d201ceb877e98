/**
 * Side-by-side timing of whole commands: icr against the runtime's own CLI on
 * the same daemon, reported as medians and a ratio. Benchmarks live here, never
 * in tests (no timed tests).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Measured {
  label: string;
  medianMs: number;
  runs: number[];
}

/** One line of the summary table: icr's median against a reference (another CLI, or a budget). */
export interface Row {
  benchmark: string;
  icrMs: number;
  reference: string;
  referenceMs: number;
}

export function timeCommand(
  label: string,
  argv: string[],
  options: { runs?: number; env?: NodeJS.ProcessEnv; setup?: () => void; warmup?: number } = {},
): Measured {
  const run = () => {
    const started = process.hrtime.bigint();
    const result = spawnSync(argv[0] as string, argv.slice(1), { env: options.env ?? process.env, encoding: 'utf8' });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) {
      throw new Error(`${label}: ${argv.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
    }
    return elapsed;
  };
  // Unmeasured first runs fill the page cache and icr's compile cache, as on any machine that used icr before.
  for (let index = 0; index < (options.warmup ?? 1); index += 1) {
    options.setup?.();
    run();
  }
  const runs: number[] = [];
  const count = options.runs ?? 7;
  for (let index = 0; index < count; index += 1) {
    options.setup?.();
    runs.push(run());
  }
  return { label, medianMs: median(runs), runs };
}

export interface Timed {
  label: string;
  argv: string[];
}

/**
 * Times several commands round-robin (one run of each per round), so a load
 * spike from elsewhere on the machine hits all of them alike and the ratios
 * stay fair. `setup` runs before every single run.
 */
export function timeInterleaved(
  commands: readonly Timed[],
  options: { runs?: number; env?: NodeJS.ProcessEnv; setup?: () => void; warmup?: number } = {},
): Measured[] {
  const runs = commands.map(() => [] as number[]);
  const rounds = (options.warmup ?? 1) + (options.runs ?? 7);
  for (let round = 0; round < rounds; round += 1) {
    commands.forEach((command, index) => {
      const measured = timeCommand(command.label, command.argv, {
        env: options.env,
        setup: options.setup,
        runs: 1,
        warmup: 0,
      });
      if (round >= (options.warmup ?? 1)) runs[index]?.push(...measured.runs);
    });
  }
  return commands.map((command, index) => ({
    label: command.label,
    medianMs: median(runs[index] ?? []),
    runs: runs[index] ?? [],
  }));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Prints one comparison and returns it as a summary row. */
export function report(title: string, ours: Measured, theirs: Measured): Row {
  const ratio = ours.medianMs / theirs.medianMs;
  console.log(
    `${title}: ${ours.label} ${ours.medianMs.toFixed(1)} ms vs ${theirs.label} ${theirs.medianMs.toFixed(1)} ms (ratio ${ratio.toFixed(2)}x)`,
  );
  return { benchmark: title, icrMs: ours.medianMs, reference: theirs.label, referenceMs: theirs.medianMs };
}

/** The summary table: one row per comparison, ratio = icr / reference (lower is better). */
export function summaryTable(rows: readonly Row[], failures: readonly string[] = []): string {
  const header = ['benchmark', 'icr ms', 'reference', 'ref ms', 'ratio'];
  const body = rows.map((row) => [
    row.benchmark,
    row.icrMs.toFixed(1),
    row.reference,
    row.referenceMs.toFixed(1),
    `${(row.icrMs / row.referenceMs).toFixed(2)}x`,
  ]);
  const widths = header.map((title, index) =>
    Math.max(title.length, ...body.map((cells) => cells[index]?.length ?? 0)),
  );
  const numeric = new Set([1, 3, 4]);
  const line = (cells: string[]) =>
    cells
      .map((cell, index) =>
        numeric.has(index) ? cell.padStart(widths[index] as number) : cell.padEnd(widths[index] as number),
      )
      .join('  ')
      .trimEnd();
  const lines = [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)];
  for (const failure of failures) lines.push(`FAILED ${failure}`);
  return lines.join('\n');
}

/** The running lab's environment (`scripts/lab/cli.ts up` writes it), over the current one. */
export function labEnvironment(): NodeJS.ProcessEnv {
  const file = path.join(process.env.ICR_LAB_DIR ?? '/tmp/icr-lab', 'env.json');
  let lab: Record<string, string>;
  try {
    lab = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    throw new Error(`no lab environment at ${file}; start the lab first: node scripts/lab/cli.ts up`);
  }
  return { ...process.env, ...lab };
}

/** argv that runs the built icr binary (ICR_BENCH_BIN points at another build's bin/icr.js, to compare two builds). */
export function icrArgv(...args: string[]): string[] {
  return [process.execPath, process.env.ICR_BENCH_BIN ?? path.join(ROOT, 'packages/lang/bin/icr.js'), ...args];
}

/** Runs a command for setup or clean-up and returns its trimmed stdout; fails loudly. */
export function sh(argv: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync(argv[0] as string, argv.slice(1), {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  }).trim();
}

/** A label value/name prefix no other benchmark or test run uses. */
export function uniqueTag(prefix: string): string {
  return `${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Whether this module is the script node was started with (`node scripts/bench/x.ts`). */
export function isMain(meta: ImportMeta): boolean {
  return path.resolve(process.argv[1] ?? '') === meta.filename;
}
