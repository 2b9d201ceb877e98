/**
 * Field schemas of the records that flow through pipes. The checker uses them
 * to reject unknown fields before a script runs, and the REPL to complete
 * field names after `where`/`select`/`sort-by`. They mirror @icr/core's records.
 */

export type FieldType =
  | 'string'
  | 'number'
  | 'bool'
  | 'size'
  | 'duration'
  | 'date'
  | 'list'
  | 'any'
  /** A map with free keys (`labels.app`). */
  | 'map'
  | { record: FieldSchema };

export interface FieldSchema {
  [field: string]: { type: FieldType; nullable?: boolean; description: string };
}

export type RecordTypeName =
  | 'container'
  | 'image'
  | 'pod'
  | 'exec'
  | 'version'
  | 'result'
  | 'runtime'
  | 'log'
  | 'check';

const mount: FieldSchema = {
  type: { type: 'string', description: 'bind, volume, tmpfs, ...' },
  source: { type: 'string', description: 'host path or volume' },
  destination: { type: 'string', description: 'path inside the container' },
  readOnly: { type: 'bool', description: 'mounted read-only' },
  propagation: { type: 'string', nullable: true, description: 'mount propagation' },
};

const security: FieldSchema = {
  user: { type: 'string', nullable: true, description: 'configured user' },
  privileged: { type: 'bool', nullable: true, description: 'privileged mode' },
  capabilities: { type: 'list', nullable: true, description: 'effective capabilities' },
  namespaces: {
    type: {
      record: {
        hostNetwork: { type: 'bool', nullable: true, description: "shares the host's network namespace" },
        hostPid: { type: 'bool', nullable: true, description: "shares the host's PID namespace" },
        hostIpc: { type: 'bool', nullable: true, description: "shares the host's IPC namespace" },
        hostUts: { type: 'bool', nullable: true, description: "shares the host's UTS namespace" },
      },
    },
    description: 'namespace sharing with the host',
  },
  readonlyRootfs: { type: 'bool', nullable: true, description: 'root filesystem is read-only' },
  mounts: { type: 'list', description: `mounts (${Object.keys(mount).join(', ')})` },
  seccomp: { type: 'string', nullable: true, description: 'seccomp profile' },
  apparmor: { type: 'string', nullable: true, description: 'AppArmor profile' },
  noNewPrivileges: { type: 'bool', nullable: true, description: 'no_new_privs set' },
  memoryLimit: { type: 'size', nullable: true, description: 'memory limit' },
  cpuShares: { type: 'number', nullable: true, description: 'CPU shares' },
  cpuQuota: { type: 'number', nullable: true, description: 'CPU quota (µs per period)' },
  cpuPeriod: { type: 'number', nullable: true, description: 'CPU period (µs)' },
  pidsLimit: { type: 'number', nullable: true, description: 'PIDs limit' },
};

export const RECORD_SCHEMAS: Record<RecordTypeName, FieldSchema> = {
  container: {
    runtime: { type: 'string', description: 'runtime the container lives on' },
    id: { type: 'string', description: 'container id' },
    name: { type: 'string', description: 'container name' },
    image: { type: 'string', description: 'image reference' },
    imageId: { type: 'string', nullable: true, description: 'image id' },
    status: { type: 'string', description: 'created, running, paused, exited or unknown' },
    createdAt: { type: 'date', nullable: true, description: 'creation time' },
    startedAt: { type: 'date', nullable: true, description: 'start time' },
    finishedAt: { type: 'date', nullable: true, description: 'exit time' },
    exitCode: { type: 'number', nullable: true, description: 'exit code once exited' },
    pid: { type: 'number', nullable: true, description: 'main process id on the host' },
    labels: { type: 'map', description: 'labels (labels.app, labels."a.b")' },
    command: { type: 'list', description: 'command and arguments' },
    podId: { type: 'string', nullable: true, description: 'pod sandbox id' },
    security: { type: { record: security }, nullable: true, description: 'security settings (from inspect)' },
    raw: { type: 'any', description: "the runtime's own object" },
  },
  image: {
    runtime: { type: 'string', description: 'runtime the image lives on' },
    id: { type: 'string', description: 'image id' },
    repoTags: { type: 'list', description: 'repository tags' },
    digests: { type: 'list', description: 'repository digests' },
    size: { type: 'size', nullable: true, description: 'size' },
    createdAt: { type: 'date', nullable: true, description: 'creation time' },
    raw: { type: 'any', description: "the runtime's own object" },
  },
  pod: {
    runtime: { type: 'string', description: 'runtime the pod lives on' },
    id: { type: 'string', description: 'pod sandbox id' },
    name: { type: 'string', description: 'pod name' },
    namespace: { type: 'string', description: 'pod namespace' },
    status: { type: 'string', description: 'ready or notready' },
    createdAt: { type: 'date', nullable: true, description: 'creation time' },
    labels: { type: 'map', description: 'labels' },
    raw: { type: 'any', description: "the runtime's own object" },
  },
  exec: {
    runtime: { type: 'string', description: 'runtime' },
    containerId: { type: 'string', description: 'container the command ran in' },
    exitCode: { type: 'number', description: 'exit code of the command' },
    stdout: { type: 'string', description: 'standard output' },
    stderr: { type: 'string', description: 'standard error' },
  },
  version: {
    runtime: { type: 'string', description: 'runtime name' },
    plugin: { type: 'string', description: 'plugin name' },
    product: { type: 'string', description: 'product name' },
    version: { type: 'string', description: 'product version' },
    apiVersion: { type: 'string', nullable: true, description: 'API version in use' },
    endpoint: { type: 'string', description: 'socket, URL or binary' },
    raw: { type: 'any', description: "the runtime's own object" },
  },
  /** One per item of a bulk lifecycle action. */
  result: {
    id: { type: 'string', description: 'container id' },
    name: { type: 'string', description: 'container name' },
    runtime: { type: 'string', description: 'runtime' },
    action: { type: 'string', description: 'what was done (stop, rm, ...)' },
    ok: { type: 'bool', description: 'whether it worked' },
    error: { type: 'string', nullable: true, description: 'why it failed' },
  },
  runtime: {
    name: { type: 'string', description: 'runtime name' },
    plugin: { type: 'string', description: 'plugin name' },
    endpoint: { type: 'string', description: 'socket, URL or binary' },
    default: { type: 'bool', description: 'the default runtime' },
    detected: { type: 'bool', description: 'endpoint exists here' },
    reachable: { type: 'bool', description: 'answered a version call' },
    version: { type: 'string', nullable: true, description: 'runtime version' },
    capabilities: { type: 'list', description: 'supported verbs' },
    error: { type: 'string', nullable: true, description: 'why it is unreachable' },
  },
  log: {
    runtime: { type: 'string', description: 'runtime' },
    container: { type: 'string', description: 'container id' },
    stream: { type: 'string', description: 'stdout or stderr' },
    line: { type: 'string', description: 'the log line' },
    timestamp: { type: 'date', nullable: true, description: 'when it was written' },
  },
  check: {
    id: { type: 'string', description: 'check id' },
    level: { type: 'string', description: 'PASS, WARN, INFO or NOTE' },
    container: { type: 'string', description: 'container' },
    message: { type: 'string', description: 'finding' },
  },
};
