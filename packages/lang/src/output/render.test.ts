import { stripVTControlCharacters } from 'node:util';
import fc from 'fast-check';
import { createColors } from 'picocolors';
import { describe, expect, it } from 'vitest';
import { container } from '../../test/support/memory-runtime.ts';
import { formatBytes, shortId } from './format-value.ts';
import { alignColumns, cliTable, formatIds, formatJson, formatTable, formatYaml } from './render.ts';

describe('rendering', () => {
  const web = container({ name: 'web', labels: { app: 'web' }, security: null });

  it('shows containers with short ids and hides raw and security', () => {
    const table = formatTable([web], { color: false, width: undefined });
    const [header, row] = table.split('\n');
    expect(header?.split(/\s+/)).toEqual(['id', 'name', 'image', 'status', 'runtime', 'created']);
    expect(row).toContain(web.id.slice(0, 12));
    expect(row).not.toContain(web.id.slice(0, 13));
    expect(row).toMatch(/web\s+busybox:latest\s+running\s+mem\s+\d+d ago/);
  });

  it('keeps every field in json and yaml', () => {
    const parsed = JSON.parse(formatJson([web])) as Array<Record<string, unknown>>;
    expect(parsed[0]).toHaveProperty('raw');
    expect(parsed[0]).toHaveProperty('security', null);
    expect(parsed[0]?.createdAt).toBe('2026-01-01T00:00:00.000Z');
    expect(formatYaml([web])).toContain('name: web');
  });

  it('renders plain values one per line and ids by record', () => {
    expect(formatTable(['a', 1, true], { color: false, width: undefined })).toBe('a\n1\ntrue');
    expect(formatIds([web, 'x'])).toBe(`${web.id}\nx`);
  });

  it('falls back to the union of fields for plain records', () => {
    const table = formatTable([{ a: 1 }, { b: 2 }], { color: false, width: undefined });
    expect(table.split('\n')[0]?.split(/\s+/)).toEqual(['a', 'b']);
  });

  it('formats sizes and ids', () => {
    expect(formatBytes(1_500_000)).toBe('1.5 MB');
    expect(shortId('sha256:0123456789abcdef0123')).toBe('0123456789ab');
    expect(shortId('web')).toBe('web');
  });
});

describe('fitting the terminal', () => {
  it('narrows the widest columns first, never below 12', async () => {
    const { fitWidths } = await import('./render.ts');
    expect(fitWidths([10, 50, 20], 60)).toEqual([10, 26, 20]);
    expect(fitWidths([10, 50, 20], undefined)).toEqual([10, 50, 20]);
    expect(fitWidths([30, 30], 10)).toEqual([12, 12]);
  });

  it('truncates cells with an ellipsis to fit', () => {
    const table = formatTable([{ a: 'x'.repeat(40), b: 'y' }], { color: false, width: 20 });
    expect(table.split('\n').every((line) => line.length <= 20)).toBe(true);
    expect(table).toContain('…');
  });
});

describe('column layout', () => {
  // The reference: cli-table3 as the table renderer configures it.
  const viaCliTable = (lines: string[][]): string => cliTable(lines);
  const colours = createColors(true);
  const cell = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'Z', '0', '-', ' ', ':', '/', '…') }),
    fc.constantFrom('running', 'exited', '', ' lead', 'trail  ', '127.0.0.1:5055/icr/busybox:latest'),
    fc.constantFrom('web', '日本', 'é', 'x\ny', '🙂').map((text) => colours.green(text)),
    fc.constantFrom('ünïcode', '日本語', 'e\u0301', 'two\nlines', '🙂 ok'),
  );

  it('lays rows out exactly as cli-table3 does', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((columns) =>
            fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 6 }),
          ),
        (lines) => {
          expect(alignColumns(lines)).toBe(viaCliTable(lines));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('aligns coloured cells by their visible width', () => {
    const text = alignColumns([
      ['a', 'b'],
      [colours.green('running'), 'x'],
    ]);
    expect(text.split('\n')[0]).toBe('a        b');
    expect(stripVTControlCharacters(text.split('\n')[1] ?? '')).toBe('running  x');
  });
});
