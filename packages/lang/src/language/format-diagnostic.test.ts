import { describe, expect, it } from 'vitest';
import type { Diagnostic } from './diagnostics.ts';
import { formatDiagnostics } from './format-diagnostic.ts';
import { parse } from './parser.ts';
import { LineTable } from './positions.ts';

function diagnostic(source: string, start: number, end: number, message: string, hint?: string): Diagnostic {
  const lines = new LineTable(source);
  const result: Diagnostic = { severity: 'error', code: 'test/x', message, span: lines.span(start, end) };
  if (hint) result.hint = hint;
  return result;
}

describe('formatDiagnostics', () => {
  it('prints file:line:col, the source line, a caret line and the hint', () => {
    const source = 'ps\nlogs web --tial 5\n';
    const text = formatDiagnostics(
      [diagnostic(source, 12, 18, "unknown flag --tial for 'logs'", 'did you mean --tail?')],
      source,
      'smoke.icr',
      {
        color: false,
      },
    );
    expect(text).toBe(
      [
        "smoke.icr:2:10: error: unknown flag --tial for 'logs'",
        '  logs web --tial 5',
        '           ^~~~~~',
        'hint: did you mean --tail?',
      ].join('\n'),
    );
  });

  it('prints one caret for an empty span at the end of the input', () => {
    const source = 'ps |';
    const result = parse(source);
    expect(formatDiagnostics(result.diagnostics, source, 'x.icr', { color: false }).split('\n').slice(0, 3)).toEqual([
      'x.icr:1:5: error: expected a command name, found end of input',
      '  ps |',
      '      ^',
    ]);
  });

  it('keeps tabs so the caret lines up', () => {
    const source = '\tsleep 5';
    const text = formatDiagnostics([diagnostic(source, 7, 8, 'bad')], source, 'f', { color: false });
    expect(text.split('\n')[2]).toBe('  \t      ^');
  });

  it('underlines to the end of the first line of a multi-line span', () => {
    const source = 'echo "abc\ndef"';
    const text = formatDiagnostics([diagnostic(source, 5, 14, 'long')], source, 'f', { color: false });
    expect(text.split('\n').slice(1)).toEqual(['  echo "abc', '       ^~~~']);
  });

  it('prints several diagnostics one after the other, warnings as warnings', () => {
    const source = 'a\nb';
    const warning: Diagnostic = { ...diagnostic(source, 2, 3, 'second'), severity: 'warning' };
    const text = formatDiagnostics([diagnostic(source, 0, 1, 'first'), warning], source, 'f', { color: false });
    expect(text.split('\n').filter((line) => line.startsWith('f:'))).toEqual([
      'f:1:1: error: first',
      'f:2:1: warning: second',
    ]);
  });

  it('colours only when asked', () => {
    const source = 'x';
    const plain = formatDiagnostics([diagnostic(source, 0, 1, 'm', 'h')], source, 'f', { color: false });
    const coloured = formatDiagnostics([diagnostic(source, 0, 1, 'm', 'h')], source, 'f', { color: true });
    const esc = String.fromCharCode(27);
    expect(plain).not.toContain(`${esc}[`);
    expect(coloured).toContain(`${esc}[`);
    expect(coloured.replace(new RegExp(`${esc}\\[\\d+m`, 'g'), '')).toBe(plain);
  });
});
