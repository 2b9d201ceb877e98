/**
 * How bare words and quoted strings turn into values: numbers, sizes,
 * durations, escapes. Shared by the parser, the checker (hints such as
 * "did you mean 5s?") and the docs.
 */

/** Bytes per size unit (lower-case keys; units are case-insensitive). */
export const SIZE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  tb: 1000 ** 4,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** Milliseconds per duration unit (lower-case keys; units are case-insensitive). */
export const DURATION_UNITS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  ms: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

const NUMBER = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;
const SIZE = /^(\d+(?:\.\d+)?)([a-z]+)$/i;
const DURATION_PART = /(\d+(?:\.\d+)?)([a-z]+)/giy;

export type WordValue =
  | { kind: 'Number'; value: number }
  | { kind: 'Size'; bytes: number }
  | { kind: 'Duration'; milliseconds: number }
  | { kind: 'String' };

/** What a bare word means as a literal: `10` → number, `10MiB` → size, `1h30m` → duration, else a string. */
export function classifyWord(text: string): WordValue {
  const first = text.charCodeAt(0);
  // Fast path: most words (commands, names, fields) do not start with a digit, '-' or '.'.
  if (!((first >= 48 && first <= 57) || first === 45 || first === 46)) return { kind: 'String' };
  if (NUMBER.test(text)) return { kind: 'Number', value: Number(text) };
  const size = SIZE.exec(text);
  if (size) {
    const unit = SIZE_UNITS[size[2]!.toLowerCase()];
    if (unit !== undefined) return { kind: 'Size', bytes: Math.round(Number(size[1]) * unit) };
  }
  const milliseconds = parseDuration(text);
  if (milliseconds !== null) return { kind: 'Duration', milliseconds };
  return { kind: 'String' };
}

/** `500ms`, `5s`, `2min`, `1h30m` → milliseconds; null when the text is no duration. */
export function parseDuration(text: string): number | null {
  if (text.length === 0) return null;
  DURATION_PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = DURATION_PART.exec(text); match; match = DURATION_PART.exec(text)) {
    const unit = DURATION_UNITS[match[2]!.toLowerCase()];
    if (unit === undefined) return null;
    total += Number(match[1]) * unit;
    consumed = DURATION_PART.lastIndex;
  }
  return consumed === text.length ? total : null;
}

export interface EscapeProblem {
  /** Offset of the backslash inside the string body. */
  offset: number;
  message: string;
}

const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  e: '\x1b',
  '"': '"',
  '\\': '\\',
  $: '$',
  "'": "'",
};

/** Resolves `\n \t \" \\ \$ ...` in a piece of a double-quoted string. */
export function resolveEscapes(body: string, problems?: EscapeProblem[], baseOffset = 0): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char !== '\\' || i === body.length - 1) {
      out += char;
      continue;
    }
    const next = body[i + 1]!;
    const replacement = ESCAPES[next];
    if (replacement === undefined) {
      problems?.push({ offset: baseOffset + i, message: `unknown escape \\${next}; write \\\\ for a backslash` });
      out += `\\${next}`;
    } else {
      out += replacement;
    }
    i++;
  }
  return out;
}
