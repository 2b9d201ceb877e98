import { createToken, Lexer, type TokenType } from 'chevrotain';

/**
 * The icr token vocabulary.
 *
 * The lexer is deliberately context-free: it splits `status=running` into
 * three tokens everywhere, and the parser glues tokens that touch (no
 * whitespace between them) back into one bare word where it is in argument
 * position (`-e K=V`, `-r docker,crio`, `busybox:latest`). That keeps one
 * lexer for conditions and arguments.
 */

/**
 * First characters for patterns the lexer cannot analyse itself (complement
 * classes): every code below 256 that is not excluded, plus one code per
 * bucket of 255 above, which is how chevrotain groups non-ASCII start chars.
 * Without these hints the lexer falls back to trying every pattern in turn.
 */
function startCharsExcept(excluded: string): number[] {
  const codes: number[] = [];
  for (let code = 0; code < 256; code++) {
    const char = String.fromCharCode(code);
    if (!excluded.includes(char) && !/\s/.test(char)) codes.push(code);
  }
  let lastBucket = -1;
  for (let code = 256; code < 65536; code++) {
    const bucket = 255 + Math.floor(code / 255);
    if (bucket !== lastBucket) {
      codes.push(code);
      lastBucket = bucket;
    }
  }
  return codes;
}

const WHITESPACE_START = [
  ' ',
  '\t',
  '\r',
  '\f',
  '\v',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2001',
  '\u2002',
  '\u2003',
  '\u2004',
  '\u2005',
  '\u2006',
  '\u2007',
  '\u2008',
  '\u2009',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
];

// Characters that end a bare word. `!` only ends it before `=`/`~` (see WORD_BODY).
const WORD_CHAR = String.raw`[^\s|;(){}\[\],'"$=<>!]`;
const WORD_BODY = `(?:${WORD_CHAR}|#|!(?![=~]))`;

/** Every token that may be part of a word after `--` (brackets too). */
export const RestPiece = createToken({ name: 'RestPiece', pattern: Lexer.NA });
/** Every token the parser may glue into an argument word. */
export const ArgPiece = createToken({ name: 'ArgPiece', pattern: Lexer.NA, categories: [RestPiece] });
/** Tokens that may be glued inside an expression operand (`labels."a.b"`). */
export const ExprPiece = createToken({ name: 'ExprPiece', pattern: Lexer.NA, categories: [ArgPiece] });
/** Keywords; each is also usable as a bare word in argument position. */
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA, categories: [ArgPiece] });
/** Comparison operators. */
export const CompareOp = createToken({ name: 'CompareOp', pattern: Lexer.NA, categories: [ArgPiece] });

export const Whitespace = createToken({
  name: 'Whitespace',
  pattern: /[^\S\n]+/,
  group: Lexer.SKIPPED,
  start_chars_hint: WHITESPACE_START,
  line_breaks: false,
});
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, group: Lexer.SKIPPED });
export const Newline = createToken({ name: 'Newline', pattern: /\n/, line_breaks: true, label: 'newline' });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/, label: "';'" });
export const Pipe = createToken({ name: 'Pipe', pattern: /\|/, label: "'|'" });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('", categories: [RestPiece] });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'", categories: [RestPiece] });
export const LBrace = createToken({ name: 'LBrace', pattern: /\{/, label: "'{'", categories: [RestPiece] });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/, label: "'}'", categories: [RestPiece] });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, label: "'['", categories: [RestPiece] });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/, label: "']'", categories: [RestPiece] });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','", categories: [ArgPiece] });

export const SingleQuoted = createToken({
  name: 'SingleQuoted',
  pattern: /'[^']*'/,
  line_breaks: true,
  label: 'string',
  categories: [ExprPiece],
});
export const DoubleQuoted = createToken({
  name: 'DoubleQuoted',
  pattern: /"(?:[^"\\]|\\[\s\S])*"/,
  line_breaks: true,
  label: 'string',
  categories: [ExprPiece],
});
/** A string whose closing quote never comes; always an error (incomplete at EOF). */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\]|\\[\s\S])*\\?|'[^']*/,
  line_breaks: true,
  label: 'unterminated string',
  categories: [ExprPiece],
});

/** `$name`, `$it.labels.app`, `$x.labels."a.b"`, `$env.HOME`. */
export const Variable = createToken({
  name: 'Variable',
  pattern: /\$[A-Za-z_][A-Za-z0-9_]*(?:\.(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"))*/,
  label: 'variable',
  categories: [ExprPiece],
});

export const RestMarker = createToken({
  name: 'RestMarker',
  pattern: /--(?![^\s|;(){}[\],'"$=<>])/,
  label: "'--'",
  categories: [ArgPiece],
});
export const LongFlag = createToken({
  name: 'LongFlag',
  pattern: /--[A-Za-z0-9][A-Za-z0-9_-]*/,
  label: 'flag',
  categories: [ArgPiece],
});
/** `-5`, `-1.5`: a negative number (classified later, like any word). */
export const NegativeNumber = createToken({
  name: 'NegativeNumber',
  pattern: new RegExp(String.raw`-\d${WORD_BODY}*`),
  label: 'number',
  categories: [ExprPiece],
});
export const ShortFlag = createToken({
  name: 'ShortFlag',
  pattern: /-[A-Za-z]+(?![^\s|;(){}[\],'"$=<>])/,
  label: 'flag',
  categories: [ArgPiece],
});

// An arithmetic operator stands alone (`a - b`, `-$x`); glued to a word it is part of the word (`/tmp`, `*.log`).
const OPERATOR_END = String.raw`(?![^\s$("'\[])`;
export const Minus = createToken({
  name: 'Minus',
  pattern: new RegExp(`-${OPERATOR_END}`),
  label: "'-'",
  categories: [ArgPiece],
});
export const Plus = createToken({
  name: 'Plus',
  pattern: new RegExp(String.raw`\+${OPERATOR_END}`),
  label: "'+'",
  categories: [ArgPiece],
});
export const Star = createToken({
  name: 'Star',
  pattern: new RegExp(String.raw`\*${OPERATOR_END}`),
  label: "'*'",
  categories: [ArgPiece],
});
export const Slash = createToken({
  name: 'Slash',
  pattern: new RegExp(`/${OPERATOR_END}`),
  label: "'/'",
  categories: [ArgPiece],
});

export const EqEq = createToken({ name: 'EqEq', pattern: /==/, label: "'=='", categories: [CompareOp] });
export const Match = createToken({ name: 'Match', pattern: /=~/, label: "'=~'", categories: [CompareOp] });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='", categories: [CompareOp] });
export const NotEq = createToken({ name: 'NotEq', pattern: /!=/, label: "'!='", categories: [CompareOp] });
export const NotMatch = createToken({ name: 'NotMatch', pattern: /!~/, label: "'!~'", categories: [CompareOp] });
export const LessEq = createToken({ name: 'LessEq', pattern: /<=/, label: "'<='", categories: [CompareOp] });
export const Less = createToken({ name: 'Less', pattern: /</, label: "'<'", categories: [CompareOp] });
export const GreaterEq = createToken({ name: 'GreaterEq', pattern: />=/, label: "'>='", categories: [CompareOp] });
export const Greater = createToken({ name: 'Greater', pattern: />/, label: "'>'", categories: [CompareOp] });

/** A bare word: command names, image refs, paths, numbers, sizes, durations, field paths. */
export const Word = createToken({
  name: 'Word',
  pattern: new RegExp(`(?:${WORD_CHAR}|!(?![=~]))${WORD_BODY}*`),
  start_chars_hint: startCharsExcept('|;(){}[],\'"$=<>'),
  line_breaks: false,
  label: 'word',
  categories: [ExprPiece],
});
/** A word that starts with a dash but is no flag or number (`-.x`, `-_`); glued like any word. */
export const DashWord = createToken({
  name: 'DashWord',
  pattern: new RegExp(`-${WORD_BODY}*`),
  label: 'word',
  categories: [ArgPiece],
});
/** Anything else (a lone `$`, `!` before `=`...): the parser reports it. */
export const Other = createToken({
  name: 'Other',
  pattern: /[^\s]/,
  start_chars_hint: startCharsExcept(''),
  line_breaks: false,
  label: 'character',
  categories: [ArgPiece],
});

function keyword(name: string, text: string, extraCategories: TokenType[] = []): TokenType {
  return createToken({
    name,
    pattern: new RegExp(text),
    longer_alt: Word,
    label: `'${text}'`,
    categories: [Keyword, ...extraCategories],
  });
}

export const NotIn = keyword('NotIn', 'not-in', [CompareOp]);
export const StartsWith = keyword('StartsWith', 'starts-with', [CompareOp]);
export const EndsWith = keyword('EndsWith', 'ends-with', [CompareOp]);
export const Let = keyword('Let', 'let');
export const If = keyword('If', 'if');
export const Else = keyword('Else', 'else');
export const For = keyword('For', 'for');
export const In = keyword('In', 'in', [CompareOp]);
export const Assert = keyword('Assert', 'assert');
export const Exit = keyword('Exit', 'exit');
export const Try = keyword('Try', 'try');
export const Catch = keyword('Catch', 'catch');
export const Use = keyword('Use', 'use');
export const And = keyword('And', 'and');
export const Or = keyword('Or', 'or');
export const Not = keyword('Not', 'not');
export const True = keyword('True', 'true');
export const False = keyword('False', 'false');
export const Null = keyword('Null', 'null');

/** The keyword texts, for docs and completion. */
export const KEYWORDS: readonly string[] = [
  'let',
  'if',
  'else',
  'for',
  'in',
  'assert',
  'exit',
  'try',
  'catch',
  'use',
  'and',
  'or',
  'not',
  'not-in',
  'starts-with',
  'ends-with',
  'true',
  'false',
  'null',
];

export const allTokens: TokenType[] = [
  Whitespace,
  Newline,
  Comment,
  Semicolon,
  Pipe,
  LParen,
  RParen,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  Comma,
  SingleQuoted,
  DoubleQuoted,
  UnterminatedString,
  Variable,
  RestMarker,
  LongFlag,
  NegativeNumber,
  ShortFlag,
  Minus,
  Plus,
  Star,
  Slash,
  EqEq,
  Match,
  Equals,
  NotEq,
  NotMatch,
  LessEq,
  Less,
  GreaterEq,
  Greater,
  // Keywords before Word; longer_alt lets `inspect`, `uses`, `notes` stay words.
  NotIn,
  StartsWith,
  EndsWith,
  Let,
  If,
  Else,
  For,
  In,
  Assert,
  Exit,
  Try,
  Catch,
  Use,
  And,
  Or,
  Not,
  True,
  False,
  Null,
  Word,
  DashWord,
  Other,
  // Categories last: they match nothing themselves.
  RestPiece,
  ArgPiece,
  ExprPiece,
  Keyword,
  CompareOp,
];

export const icrLexer = new Lexer(allTokens, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
});
