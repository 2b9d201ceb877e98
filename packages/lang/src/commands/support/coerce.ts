import { invalidArgument } from '@icr/core';
import { toText } from '../../execution/values.ts';

/** Argument values arrive as literals (5s → 5000) or as text from variables; these accept both. */

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
};

export function toDurationMs(value: unknown, what = 'duration'): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const text = toText(value).trim();
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
  if (match) {
    const unit = (match[2] ?? '').toLowerCase() || 's';
    const factor = DURATION_UNITS[unit];
    if (factor !== undefined) return Number(match[1]) * factor;
  }
  throw invalidArgument(`invalid ${what} "${text}"`, { hint: 'write it like 500ms, 5s, 2m or 1h' });
}

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  k: 1024,
  kib: 1024,
  mb: 1000 ** 2,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  g: 1024 ** 3,
  gib: 1024 ** 3,
};

export function toBytes(value: unknown, what = 'size'): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const text = toText(value).trim();
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
  if (match) {
    const factor = SIZE_UNITS[(match[2] ?? '').toLowerCase() || 'b'];
    if (factor !== undefined) return Math.round(Number(match[1]) * factor);
  }
  throw invalidArgument(`invalid ${what} "${text}"`, { hint: 'write it like 64MB, 512MiB or 1GB' });
}

export function toInt(value: unknown, what: string): number {
  const number = typeof value === 'number' ? value : Number(toText(value));
  if (!Number.isInteger(number)) throw invalidArgument(`${what} must be a whole number, not "${toText(value)}"`);
  return number;
}

/** `-e A=1 -l app=web` → { A: '1' }. */
export function toKeyValues(values: unknown[], what: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const value of values) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, entry] of Object.entries(value)) result[key] = toText(entry);
      continue;
    }
    const text = toText(value);
    const equals = text.indexOf('=');
    if (equals <= 0) throw invalidArgument(`${what} "${text}" must look like KEY=VALUE`);
    result[text.slice(0, equals)] = text.slice(equals + 1);
  }
  return result;
}

/** A field argument (`labels.app`, `labels."a.b"`) as path segments. */
export function toFieldPath(expressionValue: unknown): string[] {
  if (Array.isArray(expressionValue)) return expressionValue.map((segment) => toText(segment));
  return toText(expressionValue).split('.');
}
