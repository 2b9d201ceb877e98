import { type FieldSchema, type FieldType, RECORD_SCHEMAS, type RecordTypeName } from './record-schemas.ts';

export type FieldLookup =
  | { ok: true; type: FieldType }
  /** `index` is the segment that does not exist; `known` the fields that would have. */
  | { ok: false; index: number; reason: 'unknown' | 'not-a-record'; known: string[]; parentType?: FieldType };

/**
 * Follows a field path through a record schema: `labels.app` (free map keys),
 * `security.namespaces.hostPid` (nested records). Maps, lists and `any` stop
 * the check: whatever follows is not known statically.
 */
export function lookupField(record: RecordTypeName, path: readonly string[]): FieldLookup {
  let schema: FieldSchema = RECORD_SCHEMAS[record];
  let type: FieldType = { record: schema };
  for (let index = 0; index < path.length; index++) {
    const name = path[index]!;
    const field = Object.hasOwn(schema, name) ? schema[name] : undefined;
    if (!field) return { ok: false, index, reason: 'unknown', known: Object.keys(schema) };
    type = field.type;
    if (index === path.length - 1) return { ok: true, type };
    if (typeof type === 'object') {
      schema = type.record;
      continue;
    }
    if (type === 'map' || type === 'any' || type === 'list') return { ok: true, type: 'any' };
    return { ok: false, index: index + 1, reason: 'not-a-record', known: [], parentType: type };
  }
  return { ok: true, type };
}

export function isRecordType(name: string): name is RecordTypeName {
  return Object.hasOwn(RECORD_SCHEMAS, name);
}

/** Field names of a record type (top level), for completion and hints. */
export function fieldNames(record: RecordTypeName): string[] {
  return Object.keys(RECORD_SCHEMAS[record]);
}
