import type { CommandSignature, SignatureLookup } from '../commands/signature.ts';
import { type FieldSchema, RECORD_SCHEMAS, type RecordTypeName } from '../types/record-schemas.ts';

/**
 * Tab completion from context, not from the grammar: after `|` or at the
 * start a command name, after `-` the command's flags, after `-r`/`use` a
 * runtime, after where/select/sort-by the fields of the records flowing in,
 * after a lifecycle verb a container name or id.
 */
export interface CompletionSources {
  signatures: SignatureLookup;
  runtimes: () => string[];
  /** Names and ids of containers on the default runtime (cached by the caller). */
  containers: () => Promise<string[]>;
  variables: () => string[];
}

export const STATEMENT_KEYWORDS = ['let', 'use', 'if', 'for', 'try', 'assert', 'exit'];

const FIELD_COMMANDS = new Set(['where', 'select', 'reject', 'sort-by', 'get']);
const OPERATORS = ['==', '!=', '=~', '!~', '<', '<=', '>', '>=', 'in', 'starts-with', 'ends-with', 'and', 'or'];

export async function complete(line: string, sources: CompletionSources): Promise<[string[], string]> {
  const segmentStart = Math.max(
    line.lastIndexOf('|'),
    line.lastIndexOf(';'),
    line.lastIndexOf('{'),
    line.lastIndexOf('('),
  );
  const segment = line.slice(segmentStart + 1);
  const words = segment.trimStart().split(/\s+/);
  const current = words.at(-1) ?? '';
  const previous = words.length >= 2 ? words[words.length - 2] : undefined;
  const commandName = words[0] ?? '';
  const pick = (candidates: Iterable<string>): [string[], string] => {
    const unique = [...new Set(candidates)].filter((candidate) => candidate.startsWith(current)).sort();
    return [unique, current];
  };

  if (current.startsWith('$')) return pick(sources.variables().map((name) => `$${name}`));
  if (words.length <= 1) {
    if (current === '' && segmentStart === -1 && line.trim() === '')
      return pick([...sources.signatures.keys(), ...STATEMENT_KEYWORDS]);
    return pick([...sources.signatures.keys(), ...(segmentStart === -1 ? STATEMENT_KEYWORDS : [])]);
  }
  if (commandName === 'use') return pick(sources.runtimes());
  if (commandName === 'help') return pick(sources.signatures.keys());
  const signature = sources.signatures.get(commandName);
  if (!signature) return [[], current];
  if (previous === '-r' || previous === '--runtime') return pick([...sources.runtimes(), 'all']);
  const valueFlag = previous?.startsWith('-') ? findFlag(signature, previous) : undefined;
  if (valueFlag && typeof valueFlag.type === 'object') return pick(valueFlag.type.oneOf);
  if (current.startsWith('-')) {
    const flags = signature.flags.flatMap((flag) => [`--${flag.name}`, ...(flag.short ? [`-${flag.short}`] : [])]);
    return pick([...flags, '--help']);
  }
  if (FIELD_COMMANDS.has(commandName)) {
    const typeName = inputTypeAt(line.slice(0, segmentStart + 1), sources.signatures);
    const fields = typeName ? fieldNames(RECORD_SCHEMAS[typeName]) : [];
    // After a field in a condition, offer operators.
    if (commandName === 'where' && previous && fields.includes(previous)) return pick(OPERATORS);
    return pick(fields);
  }
  const positional = signature.positionals[0];
  if (positional?.type === 'container') return pick(await sources.containers());
  if (positional && typeof positional.type === 'object') return pick(positional.type.oneOf);
  return [[], current];
}

function findFlag(signature: CommandSignature, word: string) {
  const name = word.replace(/^-+/, '');
  return signature.flags.find((flag) => (word.startsWith('--') ? flag.name === name : flag.short === name));
}

/** The record type flowing out of the pipeline text before the current command. */
export function inputTypeAt(before: string, signatures: SignatureLookup): RecordTypeName | null {
  const stages = before
    .split(/[;{]/)
    .at(-1)
    ?.split('|')
    .map((stage) => stage.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
  let type: string | null = null;
  for (const name of stages ?? []) {
    const signature = signatures.get(name);
    if (!signature) return null;
    if (signature.output !== 'same') type = signature.output;
  }
  return type && type !== 'nothing' && type !== 'any' ? (type as RecordTypeName) : null;
}

/** Field paths of a schema, nested records included (security.user). */
export function fieldNames(schema: FieldSchema, prefix = ''): string[] {
  const names: string[] = [];
  for (const [name, field] of Object.entries(schema)) {
    names.push(`${prefix}${name}`);
    if (typeof field.type === 'object') names.push(...fieldNames(field.type.record, `${prefix}${name}.`));
  }
  return names;
}
