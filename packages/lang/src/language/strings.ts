import type { Expression, PathSegment, SubPipeline, VariableReference } from './ast.ts';
import type { Diagnostic } from './diagnostics.ts';
import { resolveEscapes } from './literals.ts';
import type { LineTable } from './positions.ts';

/**
 * Double-quoted strings and variable references: escapes, `$var.path`,
 * `${var.path}` and `$(pipeline)` interpolation.
 */

const VARIABLE_IN_STRING = /\$([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_-]+)*)/y;

/**
 * Turns `$it.labels."a.b"` (the text of a Variable token at `offset`) into a
 * VariableReference with a span per path segment.
 */
export function variableFromText(
  text: string,
  offset: number,
  lines: LineTable,
  problems: Diagnostic[] | null,
): VariableReference {
  let i = 1;
  while (i < text.length && text[i] !== '.') i++;
  const name = text.slice(1, i);
  const path: PathSegment[] = [];
  while (i < text.length && text[i] === '.') {
    const start = i + 1;
    if (text[start] === '"') {
      let end = start + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const body = text.slice(start + 1, end);
      path.push({ name: resolveEscapes(body), quoted: true, span: lines.span(offset + start, offset + end + 1) });
      i = end + 1;
    } else {
      let end = start;
      while (end < text.length && text[end] !== '.') end++;
      path.push({ name: text.slice(start, end), quoted: false, span: lines.span(offset + start, offset + end) });
      i = end;
    }
  }
  if (name.length === 0 && problems) {
    problems.push({
      severity: 'error',
      code: 'parse/bad-variable',
      message: 'expected a variable name after $',
      span: lines.span(offset, offset + text.length),
    });
  }
  return { kind: 'Variable', name, path, span: lines.span(offset, offset + text.length) };
}

/** Finds the `)` that closes a `$(` opened just before `from`; -1 when there is none. */
function closingParen(body: string, from: number): number {
  let depth = 1;
  let quote: string | null = null;
  for (let i = from; i < body.length; i++) {
    const char = body[i];
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = null;
    } else if (char === "'") quote = char;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Splits the body of a double-quoted string (starting at `offset` in the
 * source) into text and interpolated expressions. `$(` parts are handed to
 * `defer` to be parsed once the enclosing program is done. Without a line
 * table only the text is computed (used for quoted field names).
 */
export function stringPieceParts(
  body: string,
  offset: number,
  lines: LineTable | null,
  problems: Diagnostic[] | null,
  defer: ((node: SubPipeline, start: number, end: number) => void) | null,
): Array<string | Expression> {
  const parts: Array<string | Expression> = [];
  let text = '';
  const flushText = (): void => {
    if (text.length > 0) parts.push(text);
    text = '';
  };
  let i = 0;
  while (i < body.length) {
    const char = body[i]!;
    if (char === '\\' && i + 1 < body.length) {
      const escaped = body.slice(i, i + 2);
      const escapeProblems: Array<{ offset: number; message: string }> = [];
      text += resolveEscapes(escaped, escapeProblems, offset + i);
      if (lines && problems) {
        for (const problem of escapeProblems) {
          problems.push({
            severity: 'warning',
            code: 'parse/unknown-escape',
            message: problem.message,
            span: lines.span(problem.offset, problem.offset + 2),
          });
        }
      }
      i += 2;
      continue;
    }
    if (char === '$' && lines) {
      const next = body[i + 1];
      if (next === '{') {
        const close = body.indexOf('}', i + 2);
        const inner = close === -1 ? '' : body.slice(i + 2, close);
        if (close !== -1 && /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*$/.test(inner)) {
          flushText();
          const variable = variableFromText(`$${inner}`, offset + i + 1, lines, problems);
          variable.span = lines.span(offset + i, offset + close + 1);
          parts.push(variable);
          i = close + 1;
          continue;
        }
      } else if (next === '(') {
        const close = closingParen(body, i + 2);
        if (close === -1) {
          problems?.push({
            severity: 'error',
            code: 'parse/bad-interpolation',
            message: '$( is never closed in this string',
            span: lines.span(offset + i, offset + i + 2),
            hint: 'close it with ) or write \\$ for a literal $',
          });
        } else {
          flushText();
          const span = lines.span(offset + i, offset + close + 1);
          const node: SubPipeline = {
            kind: 'SubPipeline',
            pipeline: { kind: 'Pipeline', source: null, commands: [], span },
            span,
          };
          parts.push(node);
          defer?.(node, offset + i + 2, offset + close);
          i = close + 1;
          continue;
        }
      } else {
        VARIABLE_IN_STRING.lastIndex = i;
        const match = VARIABLE_IN_STRING.exec(body);
        if (match) {
          flushText();
          parts.push(variableFromText(match[0], offset + i, lines, problems));
          i += match[0].length;
          continue;
        }
      }
    }
    text += char;
    i++;
  }
  flushText();
  return parts;
}
