import { styleText } from 'node:util';
import type { Diagnostic } from './diagnostics.ts';
import { LineTable } from './positions.ts';

export interface FormatOptions {
  color: boolean;
}

type Style = Parameters<typeof styleText>[0];

/**
 * Renders diagnostics the way compilers do, one short screen each:
 *
 *     smoke.icr:3:10: error: unknown flag --tial for 'logs'
 *       logs web --tial 5
 *                ^~~~~~
 *     hint: did you mean --tail?
 */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  source: string,
  file: string,
  options: FormatOptions,
): string {
  const lines = new LineTable(source);
  const paint = (style: Style, text: string): string =>
    options.color ? styleText(style, text, { validateStream: false }) : text;
  return diagnostics.map((diagnostic) => formatOne(diagnostic, lines, file, paint)).join('\n');
}

function formatOne(
  diagnostic: Diagnostic,
  lines: LineTable,
  file: string,
  paint: (style: Style, text: string) => string,
): string {
  const start = lines.position(diagnostic.span.start.offset);
  const end = lines.position(diagnostic.span.end.offset);
  const severityStyle: Style = diagnostic.severity === 'error' ? ['bold', 'red'] : ['bold', 'yellow'];
  const out: string[] = [];
  out.push(
    `${paint('bold', `${file}:${start.line}:${start.column}:`)} ${paint(severityStyle, `${diagnostic.severity}:`)} ${paint('bold', diagnostic.message)}`,
  );
  const text = lines.lineText(start.line);
  if (text.trim().length > 0 || start.column > 1) {
    // Columns are 1-based; `lineEnd` is the column just after the last character.
    const lineEnd = text.length + 1;
    const underlineEnd = end.line === start.line ? Math.min(end.column, lineEnd) : lineEnd;
    const width = Math.max(1, underlineEnd - start.column);
    // Keep tabs so the caret lines up under the same column as the source.
    const indent = text.slice(0, start.column - 1).replace(/[^\t]/g, ' ');
    out.push(`  ${text}`);
    out.push(`  ${indent}${paint(severityStyle, `^${'~'.repeat(width - 1)}`)}`);
  }
  if (diagnostic.hint) out.push(`${paint(['bold', 'cyan'], 'hint:')} ${diagnostic.hint}`);
  return out.join('\n');
}
