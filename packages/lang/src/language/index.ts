/** The icr language front end: parse source into a Program and render diagnostics. */
export type * from './ast.ts';
export type { Diagnostic } from './diagnostics.ts';
export { type FormatOptions, formatDiagnostics } from './format-diagnostic.ts';
export { classifyWord, DURATION_UNITS, parseDuration, SIZE_UNITS } from './literals.ts';
export { CONDITION_COMMANDS, type ParseOptions, type ParseResult, parse } from './parser.ts';
export { LineTable } from './positions.ts';
export { KEYWORDS } from './tokens.ts';
export { walk } from './walk.ts';
