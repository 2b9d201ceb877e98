import { IcrError, type PluginLoadProblem } from '@icr/core';
import { createColors } from 'picocolors';
import { AssertionFailure, BulkFailure, ExitRequest, errorLocation } from '../execution/control.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_UNREACHABLE = 3;

/** The exit status an error maps to. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof ExitRequest) return error.code;
  if (error instanceof IcrError && error.code === 'unreachable') return EXIT_UNREACHABLE;
  return EXIT_FAILURE;
}

export interface ErrorSource {
  file: string;
  source: string;
}

/**
 * One clear screen per error, never a stack trace: `runtime: message`, a
 * `hint:` line when there is one, and for failed asserts the file:line:col
 * with the line and a caret.
 */
export function formatError(error: unknown, color: boolean, where?: ErrorSource): string {
  const colors = createColors(color);
  const lines: string[] = [];
  let message: string;
  if (error instanceof AssertionFailure || error instanceof BulkFailure) message = error.message;
  else if (error instanceof IcrError) message = error.toString();
  else if (error instanceof Error) message = error.message;
  else message = String(error);
  const span = error instanceof AssertionFailure ? error.span : errorLocation(error);
  if (span && where) {
    const { line, column } = span.start;
    lines.push(`${colors.bold(`${where.file}:${line}:${column}`)}: ${colors.red('error')}: ${message}`);
    const text = where.source.split('\n')[line - 1] ?? '';
    const width = Math.max(1, (span.end.line === line ? span.end.column : text.length + 1) - column);
    lines.push(`  ${text}`, `  ${' '.repeat(column - 1)}${colors.red('^'.repeat(width))}`);
  } else {
    lines.push(`${colors.red('error')}: ${message}`);
  }
  // Not one of ours means a bug in icr: still no stack trace unless asked for.
  if (!(error instanceof IcrError) && error instanceof Error && process.env.ICR_DEBUG) lines.push(error.stack ?? '');
  const bug = error instanceof IcrError ? programmingError(error.cause) : null;
  if (bug && process.env.ICR_DEBUG) lines.push(bug.stack ?? '');
  if (error instanceof IcrError && error.hint) lines.push(`${colors.cyan('hint')}: ${error.hint}`);
  else if (bug) {
    const runtime = error instanceof IcrError && error.runtime ? `the ${error.runtime} runtime's plugin` : 'a plugin';
    lines.push(`${colors.cyan('hint')}: this looks like a bug in ${runtime}; ICR_DEBUG=1 shows where it happened`);
  }
  return lines.join('\n');
}

/** A TypeError and the like from plugin code: a bug there, not a problem with the user's input. */
function programmingError(cause: unknown): Error | null {
  const bugs = [TypeError, ReferenceError, RangeError, SyntaxError];
  return bugs.some((kind) => cause instanceof kind) ? (cause as Error) : null;
}

/** A plugin or runtime entry that could not be loaded: one warning line naming the config file. */
export function formatProblem(problem: PluginLoadProblem, color: boolean): string {
  const colors = createColors(color);
  const where = problem.source ? `${problem.source}: ` : '';
  return `${colors.yellow('warning')}: ${where}${problem.message}`;
}
