/**
 * The newest Engine API this plugin was written against. Engines speaking a
 * newer one still serve it; older engines get their own (min of the two).
 */
export const MAX_API_VERSION = '1.47';
/** `wait?condition=` arrived in 1.30; older engines are not worth the branches. */
export const MIN_API_VERSION = '1.30';

export function compareApiVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  return 0;
}

export function isApiVersion(value: string): boolean {
  return /^\d+\.\d+$/.test(value);
}

/**
 * The version to put in request paths. `server` is the `API-Version` header of
 * `/_ping` (null when the engine sent none: then we send unversioned paths and
 * the engine answers with its own default).
 */
export function negotiateApiVersion(server: string | null | undefined, ours = MAX_API_VERSION): string | null {
  if (!server || !isApiVersion(server)) return null;
  return compareApiVersions(server, ours) < 0 ? server : ours;
}
