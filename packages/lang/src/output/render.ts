import Table from 'cli-table3';
import { createColors } from 'picocolors';
import { stringify as yamlStringify } from 'yaml';
import { jsonReplacer, toText } from '../execution/values.ts';
import { type Column, columnsFor } from './columns.ts';
import { shortId } from './format-value.ts';

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
  return yamlStringify(JSON.parse(JSON.stringify(items, jsonReplacer))).trimEnd();
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
  const table = new Table({
    head: columns.map((column) => colors.bold(column.header)),
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
  for (const record of records) {
    table.push(
      columns.map((column) => {
        const cell = column.cell(record);
        const colour = column.status ? STATUS_COLOURS[cell] : undefined;
        return colour ? colors[colour](cell) : cell;
      }),
    );
  }
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

export { shortId };
