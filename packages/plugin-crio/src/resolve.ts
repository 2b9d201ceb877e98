import { conflict, notFound } from '@icr/core';
import type { Container } from './cri-types.ts';

/**
 * Finds the container a user means. CRI names are unique only within a pod,
 * so the order is: full id, unique id prefix, then metadata name; more than
 * one match is a conflict that lists the candidates.
 */
export function pickContainer(containers: Container[], ref: string, runtime: string): Container {
  if (ref === '') throw notFound('no such container: (empty name)', { runtime });
  const exact = containers.find((container) => container.id === ref);
  if (exact) return exact;
  const byPrefix = containers.filter((container) => container.id.startsWith(ref));
  if (byPrefix.length === 1) return byPrefix[0]!;
  if (byPrefix.length > 1) throw ambiguous(ref, byPrefix, runtime);
  const byName = containers.filter((container) => container.metadata?.name === ref);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw ambiguous(ref, byName, runtime);
  throw notFound(`no such container: ${ref}`, { runtime });
}

function ambiguous(ref: string, candidates: Container[], runtime: string) {
  const list = candidates.map(
    (container) =>
      `${container.id.slice(0, 12)} (${container.metadata?.name ?? '?'} in pod ${container.pod_sandbox_id.slice(0, 12)})`,
  );
  return conflict(`"${ref}" matches ${candidates.length} containers: ${list.join(', ')}`, {
    runtime,
    hint: 'name the container by its id (or a longer id prefix)',
  });
}
