import { createRequire } from 'node:module';
import { createColors } from 'picocolors';
import { jsonReplacer, toText } from '../execution/values.ts';
import { type Column, columnsFor } from './columns.ts';
import { shortId } from './format-value.ts';

// yaml (~70 modules) and cli-table3 are loaded on first use: most command
// lines never print YAML, and plain tables do without cli-table3.
const require = createRequire(import.meta.url);
let yamlModule: typeof import('yaml') | undefined;
let tableClass: typeof import('cli-table3') | undefined;

export interface TableOptions {
  color: boolean;
  /** Terminal width, to keep wide tables readable; undefined for no limit. */
  width: number | undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function formatJson(items: readonly unknown[]): string {
  return JSON.stringify(items, jsonReplacer, 2);
}

export function formatYaml(items: readonly unknown[]): string {
  // yaml writes Dates as ISO timestamps; the runtime's raw objects go through as plain data.
  yamlModule ??= require('yaml') as typeof import('yaml');
  return yamlModule.stringify(JSON.parse(JSON.stringify(items, jsonReplacer))).trimEnd();
}

export function formatIds(items: readonly unknown[]): string {
  return items
    .map((item) => {
      if (!isRecord(item)) return toText(item);
      const id = item.kind === 'exec' ? item.containerId : (item.id ?? item.name);
      return toText(id);
    })
    .join('\n');
}

const STATUS_COLOURS: Record<string, 'green' | 'yellow' | 'red' | 'dim'> = {
  running: 'green',
  ready: 'green',
  ok: 'green',
  paused: 'yellow',
  created: 'yellow',
  exited: 'dim',
  notready: 'yellow',
  removed: 'dim',
  FAILED: 'red',
  unknown: 'red',
};

/**
 * A stream's values as text for a terminal: records as an aligned table,
 * other values one per line. Mixed streams are rendered run by run.
 */
export function formatTable(items: readonly unknown[], options: TableOptions): string {
  const blocks: string[] = [];
  let run: unknown[] = [];
  let runIsRecords = false;
  const flush = () => {
    if (run.length === 0) return;
    blocks.push(runIsRecords ? recordTable(run as Record<string, unknown>[], options) : run.map(formatLine).join('\n'));
    run = [];
  };
  for (const item of items) {
    const itemIsRecord = isRecord(item);
    if (run.length > 0 && itemIsRecord !== runIsRecords) flush();
    runIsRecords = itemIsRecord;
    run.push(item);
  }
  flush();
  return blocks.join('\n');
}

function formatLine(value: unknown): string {
  if (Array.isArray(value)) return value.map(formatLine).join('\n');
  return toText(value);
}

function recordTable(records: Record<string, unknown>[], options: TableOptions): string {
  const colors = createColors(options.color);
  const columns: Column[] = columnsFor(records);
  const rows = records.map((record) => columns.map((column) => column.cell(record)));
  const widths = fitWidths(
    columns.map((column, index) => Math.max(column.header.length, ...rows.map((row) => (row[index] ?? '').length))),
    options.width,
  );
  const lines = [
    columns.map((column) => colors.bold(column.header)),
    ...rows.map((row) =>
      row.map((text, index) => {
        const cell = truncate(text, widths[index] ?? text.length);
        const colour = columns[index]?.status ? STATUS_COLOURS[cell] : undefined;
        return colour ? colors[colour](cell) : cell;
      }),
    ),
  ];
  return alignColumns(lines);
}

/**
 * Lays rows out in left-aligned columns two spaces apart, each line
 * right-trimmed: cli-table3 with no borders and no padding. Rows of plain
 * one-line text (ASCII, `…`, colour codes — nearly every listing) are laid out
 * here directly, since cli-table3 spends ~0.3 ms per row merging options per
 * cell; anything else (wide or combining characters, line breaks) goes
 * through cli-table3, which measures it properly.
 */
export function alignColumns(lines: readonly (readonly string[])[]): string {
  const plain = lines.map((cells) => cells.map(plainWidth));
  if (plain.some((widths) => widths.includes(-1))) return cliTable(lines);
  // cli-table3 gives even an all-empty column one space.
  const widths: number[] = [];
  for (const row of plain) {
    row.forEach((width, index) => {
      widths[index] = Math.max(widths[index] ?? 1, width);
    });
  }
  return lines
    .map((cells, row) =>
      cells
        .map((cell, index) => cell + ' '.repeat((widths[index] ?? 0) - (plain[row]?.[index] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

// SGR colour codes as cli-table3 recognises them (picocolors writes only these).
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is exactly what is matched here.
const COLOUR_CODE = /\u001b\[(?:\d*;){0,5}\d*m/g;
const ONE_COLUMN_PER_CHAR = /^[\x20-\x7e…]*$/;

/** The display width of one-line text whose every character takes one column; -1 for anything else. */
function plainWidth(cell: string): number {
  const visible = cell.includes('\u001b') ? cell.replace(COLOUR_CODE, '') : cell;
  return ONE_COLUMN_PER_CHAR.test(visible) ? visible.length : -1;
}

/** The layout cli-table3 gives (no borders, no padding): the general path, and the reference the fast path is tested against. */
export function cliTable(lines: readonly (readonly string[])[]): string {
  tableClass ??= require('cli-table3') as typeof import('cli-table3');
  const [head = [], ...body] = lines;
  const table = new tableClass({
    head: [...head],
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '  ',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const row of body) table.push([...row]);
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/** Narrows the widest columns until the table fits the terminal (never below 12 characters). */
export function fitWidths(natural: readonly number[], available: number | undefined): number[] {
  const widths = [...natural];
  if (!available) return widths;
  const gaps = 2 * Math.max(0, widths.length - 1);
  let total = widths.reduce((sum, width) => sum + width, 0) + gaps;
  while (total > available) {
    let widest = 0;
    for (let index = 1; index < widths.length; index += 1) {
      if ((widths[index] ?? 0) > (widths[widest] ?? 0)) widest = index;
    }
    if ((widths[widest] ?? 0) <= 12) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    total -= 1;
  }
  return widths;
}

function truncate(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}

export { shortId };
