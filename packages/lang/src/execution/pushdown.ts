import type { ContainerFilters, ContainerStatus } from '@icr/core';
import { CONTAINER_STATUSES } from '@icr/core';
import type { Command, Expression } from '../language/ast.ts';

/**
 * Container filters that `ps | where ...` can ask the runtime to apply.
 * Only `==` conjuncts with literal right-hand sides are taken; `where` still
 * runs afterwards on everything that comes back, so this only saves work.
 */
export function containerPushdown(
  where: Command | undefined,
  positional: Expression | undefined,
): ContainerFilters | null {
  if (where?.name.name !== 'where' || !positional) return null;
  const filters: ContainerFilters = {};
  for (const conjunct of conjuncts(positional)) {
    if (conjunct.kind !== 'Binary' || conjunct.operator !== '==') continue;
    if (conjunct.left.kind !== 'FieldPath' || conjunct.right.kind !== 'String') continue;
    const path = conjunct.left.path.map((segment) => segment.name);
    const value = conjunct.right.value;
    if (path.length === 1 && path[0] === 'status' && (CONTAINER_STATUSES as readonly string[]).includes(value)) {
      filters.status = [value as ContainerStatus];
    } else if (path.length === 1 && path[0] === 'name') {
      filters.name = value;
    } else if (path.length === 2 && path[0] === 'labels') {
      filters.labels = { ...(filters.labels ?? {}), [path[1] as string]: value };
    }
  }
  return Object.keys(filters).length > 0 ? filters : null;
}

function conjuncts(expression: Expression): Expression[] {
  if (expression.kind === 'Binary' && expression.operator === 'and') {
    return [...conjuncts(expression.left), ...conjuncts(expression.right)];
  }
  return [expression];
}
