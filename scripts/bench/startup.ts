/**
 * Start-up: `icr -c 'echo 1'` (no runtime is contacted) against a bare
 * `node -e 0`, so the ratio shows what icr's own loading adds to Node's.
 *
 *   node scripts/bench/startup.ts
 */
import {
  icrArgv,
  isMain,
  labEnvironment,
  type Measured,
  type Row,
  report,
  summaryTable,
  timeInterleaved,
} from './harness.ts';

export function benchStartup(): Row[] {
  const env = labEnvironment();
  const [icr, node] = timeInterleaved(
    [
      { label: 'icr', argv: icrArgv('-c', 'echo 1') },
      { label: 'node -e 0', argv: [process.execPath, '-e', '0'] },
    ],
    { env, runs: 15 },
  );
  return [report("start-up: -c 'echo 1'", icr as Measured, node as Measured)];
}

if (isMain(import.meta)) console.log(`\n${summaryTable(benchStartup())}`);
