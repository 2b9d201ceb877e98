/** Label nerdctl keeps a container's name in; containerd itself has no names. */
export const NAME_LABEL = 'nerdctl/name';
/** Marks containers to remove once they exit (`--rm`); honoured by `wait`. */
export const AUTO_REMOVE_LABEL = 'icr/auto-remove';
/** Where this plugin told the shim to write the task's stdout and stderr. */
export const STDOUT_LOG_LABEL = 'icr/log.stdout';
export const STDERR_LOG_LABEL = 'icr/log.stderr';

export const GC_EXPIRE_LABEL = 'containerd.io/gc.expire';
export const UNCOMPRESSED_LABEL = 'containerd.io/uncompressed';
export const SNAPSHOT_REF_LABEL = 'containerd.io/snapshot.ref';
export const gcSnapshotLabel = (snapshotter: string) => `containerd.io/gc.ref.snapshot.${snapshotter}`;
