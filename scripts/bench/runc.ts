/**
 * runc: with 20 containers (10 running, 10 created), `icr -r runc -c 'ps -a'`
 * against `runc --root $ICR_RUNC_ROOT list` on the lab's runc root. The
 * containers carry this run's own label and name prefix and are removed at the end.
 *
 *   node scripts/bench/runc.ts
 */
import {
  icrArgv,
  isMain,
  labEnvironment,
  type Measured,
  type Row,
  report,
  sh,
  summaryTable,
  timeInterleaved,
  uniqueTag,
} from './harness.ts';

const CONTAINERS = 20;
const RUNNING = 10;

export function benchRunc(): Row[] {
  const env = labEnvironment();
  const runc = ['runc', '--root', env.ICR_RUNC_ROOT as string];
  const tag = uniqueTag('bench-runc');
  const icr = (script: string) => sh(icrArgv('-r', 'runc', '-c', script), env);

  const rows: Row[] = [];
  try {
    const lines = ['pull $env.ICR_TEST_IMAGE'];
    for (let index = 0; index < CONTAINERS; index += 1) {
      const verb = index < RUNNING ? 'run -d' : 'create';
      lines.push(`${verb} $env.ICR_TEST_IMAGE --name ${tag}-${index} -l bench=${tag} --network none -- sleep 600`);
    }
    icr(lines.join('\n'));
    const [ps, list] = timeInterleaved(
      [
        { label: 'icr', argv: icrArgv('-r', 'runc', '-c', 'ps -a') },
        { label: 'runc list', argv: [...runc, 'list'] },
      ],
      { env, runs: 9 },
    );
    rows.push(report(`runc: ps -a, ${CONTAINERS} containers`, ps as Measured, list as Measured));
  } finally {
    try {
      icr(`ps -a | where labels.bench == ${tag} | rm -f`);
    } catch {
      // Whatever icr left behind goes through runc below.
    }
    const left = sh([...runc, 'list', '-q'], env)
      .split('\n')
      .filter((id) => id.startsWith(`${tag}-`));
    for (const id of left) sh([...runc, 'delete', '-f', id], env);
  }
  return rows;
}

if (isMain(import.meta)) console.log(`\n${summaryTable(benchRunc())}`);
