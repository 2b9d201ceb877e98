import type { ContainerFilters, ContainerStatus } from '@icr/core';

/** icr status → the docker states that map onto it (the inverse of mapDockerStatus). */
const DOCKER_STATES: Record<ContainerStatus, string[]> = {
  created: ['created'],
  running: ['running', 'restarting'],
  paused: ['paused'],
  exited: ['exited', 'dead'],
  unknown: ['removing'],
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The `filters` JSON for `/containers/json`. Docker's `name` filter is a
 * regular expression over "/name", so it is anchored to mean "exactly";
 * `ancestor` also matches descendants of the image, and `id` is a prefix match:
 * icr re-applies the exact filters afterwards, so a wider answer is harmless.
 */
export function dockerListFilters(filters: ContainerFilters | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!filters) return out;
  if (filters.status && filters.status.length > 0) {
    out.status = [...new Set(filters.status.flatMap((status) => DOCKER_STATES[status] ?? []))];
  }
  if (filters.name !== undefined) out.name = [`^/${escapeRegExp(filters.name)}$`];
  if (filters.id !== undefined) out.id = [filters.id];
  if (filters.labels) {
    out.label = Object.entries(filters.labels).map(([key, value]) => (value === null ? key : `${key}=${value}`));
    if (out.label.length === 0) delete out.label;
  }
  if (filters.image !== undefined) out.ancestor = [filters.image];
  return out;
}
