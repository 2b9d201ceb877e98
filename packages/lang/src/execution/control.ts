import { IcrError } from '@icr/core';
import type { Span } from '../language/ast.ts';

/** `exit [code]`: unwinds to the top of the script. */
export class ExitRequest extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`exit ${code}`);
    this.name = 'ExitRequest';
    this.code = code;
  }
}

/** A failed `assert` (exit status 1), carrying where it was written. */
export class AssertionFailure extends IcrError {
  readonly span: Span;
  constructor(message: string, span: Span) {
    super('runtime-error', message);
    this.name = 'AssertionFailure';
    this.span = span;
  }
}

/** Some items of a bulk action failed; every item was tried and reported first. */
export interface ItemFailure {
  name: string;
  error: string;
}

/** How many failures a bulk error message names before "and N more". */
const NAMED_FAILURES = 3;

export class BulkFailure extends IcrError {
  readonly failed: number;
  readonly total: number;
  constructor(action: string, failed: number, total: number, failures: readonly ItemFailure[] = []) {
    // Named here too: when the results went into a pipe or a file, stderr still says which and why.
    const named = failures.slice(0, NAMED_FAILURES).map((item) => describeFailure(item));
    const more = failures.length > named.length ? `; and ${failures.length - named.length} more` : '';
    const which = named.length > 0 ? ` (${named.join('; ')}${more})` : '';
    super('runtime-error', `${action}: ${failed} of ${total} failed${which}`, {
      hint: 'every item was tried; the results (one per item, with an error column) say which worked',
    });
    this.name = 'BulkFailure';
    this.failed = failed;
    this.total = total;
  }
}

function describeFailure(item: ItemFailure): string {
  // "no such container: web" already names the item.
  return item.error.includes(item.name) ? item.error : `${item.name}: ${item.error}`;
}

/** An error as a record, for `try { } catch err { }` and JSON output. */
export function errorRecord(error: unknown): Record<string, unknown> {
  if (error instanceof IcrError) {
    return {
      kind: 'error',
      code: error.code,
      message: error.message,
      runtime: error.runtime ?? null,
      hint: error.hint ?? null,
    };
  }
  return {
    kind: 'error',
    code: 'runtime-error',
    message: error instanceof Error ? error.message : String(error),
    runtime: null,
    hint: null,
  };
}

/** Where a run-time error happened: the command (or statement) that threw it first. */
const errorLocations = new WeakMap<object, Span>();

export function locateError(error: unknown, span: Span): void {
  if (typeof error === 'object' && error !== null && !errorLocations.has(error)) errorLocations.set(error, span);
}

export function errorLocation(error: unknown): Span | undefined {
  return typeof error === 'object' && error !== null ? errorLocations.get(error) : undefined;
}
