/**
 * Side-by-side timing of whole commands: icr against the runtime's own CLI on
 * the same daemon, reported as medians and a ratio. Benchmarks live here, never
 * in tests (no timed tests).
 */
import { spawnSync } from 'node:child_process';

export interface Measured {
  label: string;
  medianMs: number;
  runs: number[];
}

export function timeCommand(
  label: string,
  argv: string[],
  options: { runs?: number; env?: NodeJS.ProcessEnv; setup?: () => void } = {},
): Measured {
  const runs: number[] = [];
  const count = options.runs ?? 7;
  for (let index = 0; index < count; index += 1) {
    options.setup?.();
    const started = process.hrtime.bigint();
    const result = spawnSync(argv[0] as string, argv.slice(1), { env: options.env ?? process.env, encoding: 'utf8' });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) {
      throw new Error(`${label}: ${argv.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 500)}`);
    }
    runs.push(elapsed);
  }
  return { label, medianMs: median(runs), runs };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function report(title: string, ours: Measured, theirs: Measured): string {
  const ratio = ours.medianMs / theirs.medianMs;
  const line = `${title}: ${ours.label} ${ours.medianMs.toFixed(1)} ms vs ${theirs.label} ${theirs.medianMs.toFixed(1)} ms (ratio ${ratio.toFixed(2)}x)`;
  console.log(line);
  return line;
}
