/**
 * containerd: with 50 containers (10 of them with a running task),
 * `icr -r containerd -c 'ps -a'` against `ctr containers ls` and `ctr tasks ls`
 * (icr's listing needs both) on the lab's containerd, namespace `default`.
 * The containers carry this run's own label and name prefix and are removed at the end.
 *
 *   node scripts/bench/containerd.ts
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

const CONTAINERS = 50;
const RUNNING = 10;

export function benchContainerd(): Row[] {
  const env = labEnvironment();
  const ctr = ['ctr', '-a', env.CONTAINERD_ADDRESS as string, '-n', 'default'];
  const tag = uniqueTag('bench-ctrd');
  const icr = (script: string) => sh(icrArgv('-r', 'containerd', '-c', script), env);

  const rows: Row[] = [];
  try {
    const lines = ['pull $env.ICR_TEST_IMAGE'];
    for (let index = 0; index < CONTAINERS; index += 1) {
      const verb = index < RUNNING ? 'run -d' : 'create';
      lines.push(`${verb} $env.ICR_TEST_IMAGE --name ${tag}-${index} -l bench=${tag} --network none -- sleep 600`);
    }
    icr(lines.join('\n'));
    const both = ['sh', '-c', `${ctr.join(' ')} containers ls && ${ctr.join(' ')} tasks ls`];
    const [ps, ...references] = timeInterleaved(
      [
        { label: 'icr', argv: icrArgv('-r', 'containerd', '-c', 'ps -a') },
        { label: 'ctr containers ls', argv: [...ctr, 'containers', 'ls'] },
        { label: 'ctr tasks ls', argv: [...ctr, 'tasks', 'ls'] },
        { label: 'ctr containers ls + tasks ls', argv: both },
      ],
      { env, runs: 9 },
    );
    const title = `containerd: ps -a, ${CONTAINERS} containers`;
    for (const reference of references) rows.push(report(title, ps as Measured, reference));
  } finally {
    cleanUp(tag, ctr, env, icr);
  }
  return rows;
}

function cleanUp(tag: string, ctr: string[], env: NodeJS.ProcessEnv, icr: (script: string) => string): void {
  try {
    icr(`ps -a | where labels.bench == ${tag} | rm -f`);
  } catch {
    // Whatever icr left behind goes through ctr below.
  }
  const left = sh([...ctr, 'containers', 'ls', '-q'], env)
    .split('\n')
    .filter((id) => id.startsWith(`${tag}-`));
  for (const id of left) {
    try {
      sh([...ctr, 'tasks', 'delete', '-f', id], env);
    } catch {
      // No task: only the container record is left.
    }
    sh([...ctr, 'containers', 'delete', id], env);
  }
}

if (isMain(import.meta)) console.log(`\n${summaryTable(benchContainerd())}`);
