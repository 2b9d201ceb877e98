import { formatAge, formatBytes, formatCell, shortId } from './format-value.ts';

/** A table column: a header and how to get the cell text from a record. */
export interface Column {
  header: string;
  cell(record: Record<string, unknown>): string;
  /** Colour hint for status-like columns. */
  status?: boolean;
}

const text = (field: string, header = field): Column => ({ header, cell: (record) => formatCell(record[field]) });
const id = (field = 'id', header = 'id'): Column => ({
  header,
  cell: (record) => (typeof record[field] === 'string' ? shortId(record[field] as string) : formatCell(record[field])),
});
const age = (field: string, header: string): Column => ({
  header,
  cell: (record) => (record[field] instanceof Date ? formatAge(record[field] as Date) : formatCell(record[field])),
});
const status = (field = 'status'): Column => ({
  header: field,
  cell: (record) =>
    field === 'ok' && typeof record.ok === 'boolean' ? (record.ok ? 'ok' : 'FAILED') : formatCell(record[field]),
  status: true,
});

/** Sensible columns per record kind; `raw` and `security` stay out of tables. */
const KIND_COLUMNS: Record<string, Column[]> = {
  container: [id(), text('name'), text('image'), status(), text('runtime'), age('createdAt', 'created')],
  image: [
    id(),
    { header: 'tags', cell: (record) => formatCell(record.repoTags) },
    { header: 'size', cell: (record) => (typeof record.size === 'number' ? formatBytes(record.size) : '') },
    age('createdAt', 'created'),
    text('runtime'),
  ],
  pod: [id(), text('name'), text('namespace'), status(), text('runtime'), age('createdAt', 'created')],
  exec: [text('runtime'), id('containerId', 'container'), text('exitCode'), text('stdout'), text('stderr')],
  version: [
    text('runtime'),
    text('plugin'),
    text('product'),
    text('version'),
    text('apiVersion', 'api'),
    text('endpoint'),
  ],
  result: [
    text('name'),
    id(),
    text('runtime'),
    text('action'),
    { header: 'ok', cell: (record) => (record.ok ? 'ok' : 'FAILED'), status: true },
    text('error'),
  ],
  runtime: [
    text('name'),
    text('plugin'),
    text('endpoint'),
    text('default'),
    text('detected'),
    text('reachable'),
    text('version'),
    text('error'),
  ],
  log: [text('container'), text('stream'), text('line')],
  wait: [text('name'), id(), text('runtime'), status(), text('exitCode')],
};

const HIDDEN_FIELDS = new Set(['kind', 'raw', 'security']);

/** Columns for a list of records: by kind when they share one, else the union of their fields. */
export function columnsFor(records: readonly Record<string, unknown>[]): Column[] {
  const kinds = new Set(records.map((record) => record.kind));
  const [onlyKind] = kinds;
  if (kinds.size === 1 && typeof onlyKind === 'string' && KIND_COLUMNS[onlyKind]) return KIND_COLUMNS[onlyKind];
  const fields: string[] = [];
  for (const record of records) {
    for (const key of Object.keys(record)) if (!HIDDEN_FIELDS.has(key) && !fields.includes(key)) fields.push(key);
  }
  return fields.map(genericColumn);
}

/** Columns of plain records (after `select`) still format well-known fields. */
function genericColumn(field: string): Column {
  const last = field.split('.').at(-1) ?? field;
  if (last === 'status' || last === 'ok') return { ...status(field), header: field };
  if (last === 'id' || last === 'containerId' || last === 'imageId' || last === 'podId') return id(field, field);
  if (last === 'size' || last === 'memoryLimit') {
    return {
      header: field,
      cell: (record) =>
        typeof record[field] === 'number' ? formatBytes(record[field] as number) : formatCell(record[field]),
    };
  }
  return text(field);
}
