/**
 * node scripts/lab/cli.ts up|down|status|env
 * Progress goes to stderr; `up` and `env` print `export NAME=value` lines on stdout,
 * so `eval "$(node scripts/lab/cli.ts up)"` works.
 */
import fs from 'node:fs';
import { exportLines, labEnv } from './env.ts';
import { down, status, up } from './lab.ts';
import { labLayout } from './layout.ts';

const USAGE = 'usage: node scripts/lab/cli.ts up|down|status|env';

async function main(command: string | undefined): Promise<number> {
  const layout = labLayout();
  const log = (message: string) => process.stderr.write(`${message}\n`);
  switch (command) {
    case 'up': {
      const result = await up(layout, log);
      log(`lab: up in ${result.elapsedMs} ms (busybox ${result.images.test}, pause ${result.images.pause})`);
      process.stdout.write(`${exportLines(result.env)}\n`);
      return 0;
    }
    case 'down':
      await down(layout, log);
      return 0;
    case 'status': {
      const { components, mounts } = await status(layout);
      let healthy = true;
      for (const c of components) {
        healthy &&= c.alive && c.answering;
        log(
          `${c.name.padEnd(11)} pid=${String(c.pid ?? '-').padEnd(8)} alive=${c.alive ? 'yes' : 'no '} answering=${c.answering ? 'yes' : 'no '} ${c.endpoint}`,
        );
      }
      log(`mounts under ${layout.dir}: ${mounts}`);
      return healthy ? 0 : 1;
    }
    case 'env': {
      if (!fs.existsSync(layout.envJson)) log(`lab: ${layout.envJson} is missing; run "up" first`);
      process.stdout.write(`${exportLines(labEnv(layout))}\n`);
      return 0;
    }
    default:
      log(USAGE);
      return 2;
  }
}

try {
  process.exitCode = await main(process.argv[2]);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
