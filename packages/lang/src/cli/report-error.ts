import { IcrError } from '@icr/core';
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
  if (error instanceof IcrError && error.hint) lines.push(`${colors.cyan('hint')}: ${error.hint}`);
  return lines.join('\n');
}
