/** The lab's contract with tests and users: environment variables and an icr config. */
import fs from 'node:fs';
import type { LabLayout } from './layout.ts';

export function labEnv(layout: LabLayout): Record<string, string> {
  return {
    ICR_LAB_DIR: layout.dir,
    ICR_REGISTRY: layout.registry,
    ICR_TEST_IMAGE: layout.testImage,
    ICR_PAUSE_IMAGE: layout.pauseImage,
    DOCKER_HOST: `unix://${layout.dockerSocket}`,
    CONTAINERD_ADDRESS: layout.containerdSocket,
    CONTAINER_RUNTIME_ENDPOINT: `unix://${layout.containerdSocket}`,
    ICR_RUNC_ROOT: layout.runcRoot,
    ICR_RUNC_DATA: layout.runcData,
    ICR_RUNSC_ROOT: layout.runscRoot,
    ICR_RUNSC_DATA: layout.runscData,
    ICR_CONFIG: layout.icrConfig,
  };
}

export function icrConfig(layout: LabLayout): object {
  const insecureRegistries = [layout.registry];
  return {
    runtimes: {
      docker: { plugin: 'docker', options: { host: `unix://${layout.dockerSocket}`, insecureRegistries } },
      containerd: {
        plugin: 'containerd',
        options: {
          address: layout.containerdSocket,
          namespace: 'default',
          logDir: `${layout.dir}/containerd-logs`,
          insecureRegistries,
        },
      },
      crio: { plugin: 'crio', options: { endpoint: `unix://${layout.containerdSocket}`, insecureRegistries } },
      runc: {
        plugin: 'runc',
        options: { binary: 'runc', root: layout.runcRoot, dataDir: layout.runcData, insecureRegistries },
      },
      runsc: {
        plugin: 'runc',
        options: { binary: 'runsc', root: layout.runscRoot, dataDir: layout.runscData, insecureRegistries },
      },
    },
    default: 'docker',
  };
}

/** Single-quoted for sh; every value is a path or a reference, but be safe anyway. */
export function exportLines(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([name, value]) => `export ${name}='${value.replaceAll("'", `'\\''`)}'`)
    .join('\n');
}

export function writeEnvFiles(layout: LabLayout): Record<string, string> {
  const env = labEnv(layout);
  writeAtomically(layout.icrConfig, `${JSON.stringify(icrConfig(layout), null, 2)}\n`);
  writeAtomically(layout.envJson, `${JSON.stringify(env, null, 2)}\n`);
  return env;
}

/** Tests read these files while `up` may be rewriting them. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}
