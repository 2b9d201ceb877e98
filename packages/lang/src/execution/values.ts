import { invalidArgument } from '@icr/core';

/**
 * Operations on icr values: records from @icr/core, plain objects, lists,
 * strings, numbers (sizes are bytes, durations milliseconds), dates, booleans, null.
 */

/** A field path segment by segment; `labels."a.b"` arrives as ['labels', 'a.b']. */
export function getPath(value: unknown, path: readonly string[]): unknown {
  let current: unknown = value;
  for (const segment of path) {
    current = getField(current, segment);
    if (current === undefined) return null;
  }
  return current;
}

function getField(value: unknown, name: string): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    if (/^-?\d+$/.test(name)) {
      const index = Number(name);
      return value.at(index) ?? null;
    }
    if (name === 'length') return value.length;
    // `$list.name` picks the field from every item, as in nushell.
    return value.map((item) => getField(item, name));
  }
  if (typeof value === 'string' && name === 'length') return value.length;
  if (typeof value === 'object' && !(value instanceof Date)) {
    const record = value as Record<string, unknown>;
    return Object.hasOwn(record, name) ? record[name] : null;
  }
  return null;
}

export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Numbers, strings that look like numbers, dates (as epoch ms) — for ordering. */
function asComparable(value: unknown): number | string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * A date compared with a duration is compared by its age: `createdAt > 1h`
 * means "created more than an hour ago".
 */
function alignOperands(left: unknown, right: unknown, rightIsDuration: boolean): [unknown, unknown] {
  if (left instanceof Date && rightIsDuration && typeof right === 'number') return [Date.now() - left.getTime(), right];
  if (left instanceof Date && typeof right === 'string') {
    const parsed = Date.parse(right);
    if (!Number.isNaN(parsed)) return [left.getTime(), parsed];
  }
  if (typeof left === 'number' && typeof right === 'string' && right.trim() !== '' && !Number.isNaN(Number(right))) {
    return [left, Number(right)];
  }
  if (typeof left === 'string' && typeof right === 'number' && left.trim() !== '' && !Number.isNaN(Number(left))) {
    return [Number(left), right];
  }
  if (typeof left === 'boolean' && typeof right === 'string' && (right === 'true' || right === 'false')) {
    return [left, right === 'true'];
  }
  return [left, right];
}

export function valuesEqual(left: unknown, right: unknown, rightIsDuration = false): boolean {
  const [a, b] = alignOperands(left, right, rightIsDuration);
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a === null || a === undefined) && (b === null || b === undefined);
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/** -1, 0, 1; null when the two cannot be ordered (a comparison with null is false). */
export function compareValues(left: unknown, right: unknown, rightIsDuration = false): number | null {
  const [a, b] = alignOperands(left, right, rightIsDuration);
  const x = asComparable(a);
  const y = asComparable(b);
  if (x === null || y === null) return null;
  if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : 0;
  const sx = String(x);
  const sy = String(y);
  return sx < sy ? -1 : sx > sy ? 1 : 0;
}

/** Sort order that puts nulls last and never throws. */
export function sortCompare(left: unknown, right: unknown): number {
  const leftNull = left === null || left === undefined;
  const rightNull = right === null || right === undefined;
  if (leftNull || rightNull) return leftNull === rightNull ? 0 : leftNull ? 1 : -1;
  return compareValues(left, right) ?? 0;
}

export function matchesRegex(value: unknown, pattern: unknown): boolean {
  if (value === null || value === undefined) return false;
  let regex: RegExp;
  try {
    regex = new RegExp(String(pattern));
  } catch (error) {
    throw invalidArgument(`invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
  return regex.test(toText(value));
}

export function contains(collection: unknown, item: unknown): boolean {
  if (Array.isArray(collection)) return collection.some((entry) => valuesEqual(entry, item));
  if (typeof collection === 'string') return collection.includes(toText(item));
  if (collection && typeof collection === 'object') return Object.hasOwn(collection, toText(item));
  return false;
}

/** Text form for templates, echo and string operators. */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value, jsonReplacer);
  return String(value);
}

/** JSON without the runtime's own objects' functions or cycles surprises; dates as ISO. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Date) return 'date';
  if (typeof value === 'object') {
    const kind = (value as { kind?: unknown }).kind;
    return typeof kind === 'string' ? kind : 'record';
  }
  return typeof value;
}
