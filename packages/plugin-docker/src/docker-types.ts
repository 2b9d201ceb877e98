/** The parts of Engine API objects icr reads (moby swagger, API 1.41+). Everything is optional: engines differ. */

export interface DockerMount {
  Type?: string;
  Name?: string;
  Source?: string;
  Destination?: string;
  Mode?: string;
  RW?: boolean;
  Propagation?: string;
}

export interface DockerHostConfig {
  NetworkMode?: string;
  PidMode?: string;
  IpcMode?: string;
  UTSMode?: string;
  Privileged?: boolean;
  ReadonlyRootfs?: boolean;
  CapAdd?: string[] | null;
  CapDrop?: string[] | null;
  SecurityOpt?: string[] | null;
  Memory?: number;
  CpuShares?: number;
  CpuQuota?: number;
  CpuPeriod?: number;
  NanoCpus?: number;
  PidsLimit?: number | null;
  AutoRemove?: boolean;
}

export interface DockerContainerSummary {
  Id: string;
  Names?: string[] | null;
  Image?: string;
  ImageID?: string;
  Command?: string;
  Created?: number;
  State?: string;
  Status?: string;
  Labels?: Record<string, string> | null;
  HostConfig?: { NetworkMode?: string };
  Mounts?: DockerMount[] | null;
}

export interface DockerContainerInspect {
  Id: string;
  Name?: string;
  Created?: string;
  Path?: string;
  Args?: string[] | null;
  Image?: string;
  AppArmorProfile?: string;
  State?: {
    Status?: string;
    Running?: boolean;
    Paused?: boolean;
    Restarting?: boolean;
    Dead?: boolean;
    Pid?: number;
    ExitCode?: number;
    StartedAt?: string;
    FinishedAt?: string;
  };
  Config?: {
    User?: string;
    Image?: string;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    Labels?: Record<string, string> | null;
    Tty?: boolean;
  };
  HostConfig?: DockerHostConfig;
  Mounts?: DockerMount[] | null;
}

export interface DockerImageSummary {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Size?: number;
  Created?: number;
}

export interface DockerImageInspect {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Size?: number;
  Created?: string;
}

export interface DockerVersion {
  Version?: string;
  ApiVersion?: string;
  MinAPIVersion?: string;
  Platform?: { Name?: string };
  Components?: Array<{ Name?: string; Version?: string; Details?: Record<string, string> }> | null;
}
