import { constants } from 'node:os';
import type { ArgType } from '../commands/signature.ts';
import type { Expression, FieldPath, PathSegment, StringLiteral } from '../language/ast.ts';
import { parseDuration } from '../language/literals.ts';
import { didYouMean } from './suggest.ts';

/**
 * Checks a literal argument against the type its signature declares and
 * returns the expression the interpreter should use: `5` given where a
 * string is expected becomes the string "5", a quoted "5s" where a duration
 * is expected becomes a duration. Non-literals (variables, sub-pipelines,
 * templates) are only known when the script runs, so they pass unchanged.
 */

export interface ArgProblem {
  code: string;
  message: string;
  hint?: string;
}

export interface ArgCheck {
  value: Expression;
  problem?: ArgProblem;
}

/** Signal names without the SIG prefix (TERM, KILL, HUP, ...). */
export const SIGNAL_NAMES: readonly string[] = Object.keys(constants.signals).map((name) => name.replace(/^SIG/, ''));

/** Words that read as `SIGTERM`, `TERM`, `term` or `15`. */
export function isSignal(text: string): boolean {
  if (/^\d+$/.test(text)) {
    const number = Number(text);
    return number >= 1 && number <= 64;
  }
  const name = text.toUpperCase().replace(/^SIG/, '');
  return SIGNAL_NAMES.includes(name) || /^RTM(IN|AX)([+-]\d+)?$/.test(name);
}

export function argTypeLabel(type: ArgType): string {
  if (typeof type === 'object') return `one of ${type.oneOf.join(', ')}`;
  switch (type) {
    case 'int':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'bool':
      return 'true or false';
    case 'duration':
      return 'a duration (500ms, 5s, 2m, 1h)';
    case 'size':
      return 'a size (512KB, 10MiB, 1GB)';
    case 'signal':
      return 'a signal (TERM, SIGKILL, 9)';
    case 'runtimes':
      return 'a runtime name, a comma-separated list or all';
    case 'key-value':
      return 'KEY=VALUE';
    case 'block':
      return 'a block { ... }';
    case 'image':
      return 'an image reference';
    case 'container':
      return 'a container name or id';
    case 'field':
      return 'a field path';
    case 'condition':
      return 'a condition';
    default:
      return 'a value';
  }
}

/** The source spelling of a literal written as a bare word, or null for anything else. */
export function literalText(expression: Expression): string | null {
  switch (expression.kind) {
    case 'String':
      return expression.value;
    case 'Number':
      return expression.text ?? String(expression.value);
    case 'Size':
    case 'Duration':
      return expression.text;
    case 'Boolean':
      return String(expression.value);
    case 'Null':
      return 'null';
    default:
      return null;
  }
}

function isDynamic(expression: Expression): boolean {
  return (
    expression.kind === 'Variable' ||
    expression.kind === 'SubPipeline' ||
    expression.kind === 'Template' ||
    expression.kind === 'Binary' ||
    expression.kind === 'Unary'
  );
}

function asString(expression: Expression, text: string): StringLiteral {
  return { kind: 'String', value: text, bare: true, span: expression.span };
}

function describe(expression: Expression): string {
  const text = literalText(expression);
  if (text !== null) return `'${text}'`;
  switch (expression.kind) {
    case 'List':
      return 'a list';
    case 'Record':
      return 'a record';
    case 'BlockExpression':
      return 'a block';
    default:
      return 'this value';
  }
}

function mismatch(expression: Expression, type: ArgType, what: string, hint?: string): ArgCheck {
  const problem: ArgProblem = {
    code: 'check/bad-argument',
    message: `${what} expects ${argTypeLabel(type)}, got ${describe(expression)}`,
  };
  if (hint) problem.hint = hint;
  return { value: expression, problem };
}

/** A bare word, quoted string or FieldPath as a FieldPath node. */
export function toFieldPath(expression: Expression): FieldPath | null {
  if (expression.kind === 'FieldPath') return expression;
  if (expression.kind !== 'String') return null;
  let path: PathSegment[];
  if (expression.path) path = expression.path;
  else if (expression.bare) {
    path = [];
    let offset = expression.span.start.offset;
    for (const name of expression.value.split('.')) {
      if (name.length > 0) {
        // Spans of segments of one-line words: shift the start column.
        const start = {
          ...expression.span.start,
          offset,
          column: expression.span.start.column + (offset - expression.span.start.offset),
        };
        const end = { ...start, offset: offset + name.length, column: start.column + name.length };
        path.push({ name, quoted: false, span: { start, end } });
      }
      offset += name.length + 1;
    }
  } else path = [{ name: expression.value, quoted: true, span: expression.span }];
  return { kind: 'FieldPath', path, span: expression.span };
}

/**
 * Checks one argument against its declared type. `runtimeNames` are the
 * configured runtimes, for `-r`.
 */
export function checkArgValue(
  expression: Expression,
  type: ArgType,
  what: string,
  runtimeNames: readonly string[],
): ArgCheck {
  if (isDynamic(expression)) return { value: expression };
  const text = literalText(expression);
  if (typeof type === 'object') {
    if (text === null) return mismatch(expression, type, what);
    if (type.oneOf.includes(text)) return { value: asString(expression, text) };
    return mismatch(expression, type, what, didYouMean(text, type.oneOf));
  }
  switch (type) {
    case 'switch':
    case 'any':
    case 'condition':
      return { value: expression };
    case 'string':
    case 'image':
    case 'container':
      if (text === null) return mismatch(expression, type, what);
      return { value: expression.kind === 'String' ? expression : asString(expression, text) };
    case 'key-value':
      if (text === null) return mismatch(expression, type, what);
      if (!text.includes('=')) return mismatch(expression, type, what, `write ${text}=value`);
      return { value: expression.kind === 'String' ? expression : asString(expression, text) };
    case 'int':
      if (expression.kind === 'Number' && Number.isInteger(expression.value)) return { value: expression };
      if (expression.kind === 'Duration' && /s$/i.test(expression.text)) {
        return mismatch(
          expression,
          type,
          what,
          `write the number of seconds without a unit: ${Math.round(expression.milliseconds / 1000)}`,
        );
      }
      return mismatch(expression, type, what);
    case 'number':
      if (expression.kind === 'Number') return { value: expression };
      return mismatch(expression, type, what);
    case 'bool':
      if (expression.kind === 'Boolean') return { value: expression };
      return mismatch(expression, type, what);
    case 'duration': {
      if (expression.kind === 'Duration') return { value: expression };
      if (expression.kind === 'Number')
        return mismatch(expression, type, what, `add a unit: ${literalText(expression)}s`);
      const milliseconds = text === null ? null : parseDuration(text);
      if (milliseconds !== null && text !== null)
        return { value: { kind: 'Duration', milliseconds, text, span: expression.span } };
      return mismatch(expression, type, what);
    }
    case 'size':
      if (expression.kind === 'Size' || expression.kind === 'Number') return { value: expression };
      return mismatch(expression, type, what);
    case 'signal':
      if (text !== null && isSignal(text)) return { value: asString(expression, text) };
      return mismatch(
        expression,
        type,
        what,
        text === null
          ? undefined
          : didYouMean(text.toUpperCase().replace(/^SIG/, ''), SIGNAL_NAMES, (name) => `SIG${name}`),
      );
    case 'runtimes': {
      if (text === null) return mismatch(expression, type, what);
      for (const name of text.split(',')) {
        if (name === 'all' || runtimeNames.includes(name)) continue;
        const problem: ArgProblem = {
          code: 'check/unknown-runtime',
          message: `unknown runtime '${name}'`,
          hint:
            didYouMean(name, runtimeNames) ??
            (runtimeNames.length > 0
              ? `configured runtimes: ${runtimeNames.join(', ')} (or all)`
              : 'no runtimes are configured'),
        };
        return { value: asString(expression, text), problem };
      }
      return { value: asString(expression, text) };
    }
    case 'field': {
      const path = toFieldPath(expression);
      if (!path) return mismatch(expression, type, what);
      return { value: path };
    }
    case 'block':
      if (expression.kind === 'BlockExpression') return { value: expression };
      if (expression.kind === 'Record' && expression.fields.length === 0) {
        return {
          value: {
            kind: 'BlockExpression',
            block: { kind: 'Block', statements: [], span: expression.span },
            span: expression.span,
          },
        };
      }
      return mismatch(expression, type, what);
    default:
      return { value: expression };
  }
}
