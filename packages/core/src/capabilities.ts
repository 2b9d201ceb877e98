/**
 * Verbs a runtime can declare. The checker reads a plugin's declared verbs
 * before anything runs, so a script that uses `pause` on a runtime without it
 * fails at check time, not half-way through.
 */
export const VERBS = [
  'version',
  'ps',
  'inspect',
  'create',
  'start',
  'stop',
  'kill',
  'restart',
  'pause',
  'unpause',
  'rm',
  'exec',
  'logs',
  'wait',
  'images',
  'pull',
  'rmi',
  'pods',
] as const;

export type Verb = (typeof VERBS)[number];

export function isVerb(value: string): value is Verb {
  return (VERBS as readonly string[]).includes(value);
}

/** Filters a runtime can evaluate itself; the rest are applied by icr after listing. */
export const PUSHDOWN_FILTERS = ['status', 'name', 'id', 'label', 'image'] as const;
export type PushdownFilter = (typeof PUSHDOWN_FILTERS)[number];
