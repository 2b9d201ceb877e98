/**
 * Docker: with 100 containers, `icr -r docker -c 'ps -a'` against `docker ps -a`,
 * and force-removing 50 running containers through icr against
 * `docker rm -f $(docker ps -aq ...)`, on the lab's dockerd. Every container
 * carries this run's own label and is removed at the end.
 *
 *   node scripts/bench/docker.ts
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

export function benchDocker(): Row[] {
  const env = labEnvironment();
  const docker = ['docker', '-H', env.DOCKER_HOST as string];
  const image = env.ICR_TEST_IMAGE as string;
  const tag = uniqueTag('bench-docker');
  const listLabel = `${tag}-list`;
  const rmLabel = `${tag}-rm`;

  const createMany = (count: number, label: string, start: boolean) => {
    // Eight `docker create` at a time: setup is not what is measured.
    const ids = sh(
      [
        'sh',
        '-c',
        `seq ${count} | xargs -P 8 -I{} ${docker.join(' ')} create --network none --label bench=${label} ${image} sleep 600`,
      ],
      env,
    )
      .split('\n')
      .filter(Boolean);
    if (start) {
      for (let index = 0; index < ids.length; index += 25)
        sh([...docker, 'start', ...ids.slice(index, index + 25)], env);
    }
  };
  const removeLabelled = (label: string) => {
    const ids = sh([...docker, 'ps', '-aq', '--filter', `label=bench=${label}`], env)
      .split('\n')
      .filter(Boolean);
    if (ids.length > 0) sh([...docker, 'rm', '-f', ...ids], env);
  };

  sh([...docker, 'pull', '-q', image], env);
  const rows: Row[] = [];
  try {
    createMany(100, listLabel, false);
    const [icrPs, dockerPs] = timeInterleaved(
      [
        { label: 'icr', argv: icrArgv('-r', 'docker', '-c', 'ps -a') },
        { label: 'docker ps -a', argv: [...docker, 'ps', '-a'] },
      ],
      { env, runs: 9 },
    );
    rows.push(report('docker: ps -a, 100 containers', icrPs as Measured, dockerPs as Measured));
    removeLabelled(listLabel);
    const [icrRm, dockerRm] = timeInterleaved(
      [
        { label: 'icr', argv: icrArgv('-r', 'docker', '-c', `ps -a | where labels.bench == ${rmLabel} | rm -f`) },
        {
          label: 'docker rm -f',
          argv: ['sh', '-c', `${docker.join(' ')} rm -f $(${docker.join(' ')} ps -aq --filter label=bench=${rmLabel})`],
        },
      ],
      { env, runs: 3, warmup: 0, setup: () => createMany(50, rmLabel, true) },
    );
    rows.push(report('docker: rm -f 50 running', icrRm as Measured, dockerRm as Measured));
  } finally {
    removeLabelled(listLabel);
    removeLabelled(rmLabel);
  }
  return rows;
}

if (isMain(import.meta)) console.log(`\n${summaryTable(benchDocker())}`);
