import {
  EOF,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type IToken,
  type TokenType,
} from 'chevrotain';
import type { Span } from './ast.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { LineTable } from './positions.ts';
import { isReal, tokenEnd } from './significant-tokens.ts';
import * as T from './tokens.ts';

/** Parse error messages in the user's terms ("expected a command name, found '|'"). */

export function describeToken(token: IToken | undefined): string {
  if (!token || token.tokenType === EOF) return 'end of input';
  if (token.tokenType === T.Newline) return 'end of line';
  const image = token.image.length > 30 ? `${token.image.slice(0, 27)}...` : token.image;
  return `'${image}'`;
}

function labelOf(type: TokenType): string {
  if (type === EOF) return 'end of input';
  return type.LABEL ?? type.name;
}

const RULE_DESCRIPTIONS: Record<string, string> = {
  statement: 'a command or statement',
  pipeline: 'a command or value',
  command: 'a command name',
  exprPrimary: 'a value',
  argValue: 'a value',
  argument: 'an argument',
  letStatement: 'a variable name',
  block: "'{'",
};

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    if (expected === T.Word && ruleName === 'command') return `expected a command name, found ${describeToken(actual)}`;
    if (expected === T.Word && ruleName === 'letStatement')
      return `expected a variable name after 'let', found ${describeToken(actual)}`;
    if (expected === T.Word && ruleName === 'forStatement')
      return `expected a loop variable name after 'for', found ${describeToken(actual)}`;
    if (expected === T.LBrace) return `expected '{' to open the block, found ${describeToken(actual)}`;
    if (expected === T.Word && ruleName === 'useStatement')
      return `expected a runtime name after 'use', found ${describeToken(actual)}`;
    return `expected ${labelOf(expected)}, found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ actual, ruleName }) {
    const wanted = RULE_DESCRIPTIONS[ruleName];
    return wanted ? `expected ${wanted}, found ${describeToken(actual[0])}` : `unexpected ${describeToken(actual[0])}`;
  },
  buildEarlyExitMessage({ actual, ruleName }) {
    const wanted = RULE_DESCRIPTIONS[ruleName];
    return wanted ? `expected ${wanted}, found ${describeToken(actual[0])}` : `unexpected ${describeToken(actual[0])}`;
  },
};

/** A chevrotain recognition error as a diagnostic; "end of input" errors point just after the last token. */
export function exceptionToDiagnostic(
  exception: IRecognitionException,
  tokens: IToken[],
  lines: LineTable,
  endOfInput: number,
): Diagnostic {
  const token = exception.token;
  const atEnd = !isReal(token);
  let span: Span;
  if (atEnd) {
    // Point after the last token that shows on screen: a trailing newline would put the
    // caret on an empty line past the end, with no source to show.
    const visible = (candidate: IToken | undefined) => isReal(candidate) && candidate.tokenType !== T.Newline;
    const previous = (exception as { previousToken?: IToken }).previousToken;
    const lastReal = visible(previous) ? previous : tokens.findLast((candidate) => visible(candidate));
    const at = lastReal && isReal(lastReal) ? tokenEnd(lastReal) : endOfInput;
    span = lines.span(at, at);
  } else {
    span = lines.span(token.startOffset, tokenEnd(token));
  }
  const eofError = token.tokenType === EOF;
  const diagnostic: Diagnostic = {
    severity: 'error',
    code: eofError ? 'parse/unexpected-end' : 'parse/unexpected-token',
    message: exception.message,
    span,
  };
  if (eofError)
    diagnostic.hint = 'the input ended early: close the open block, parenthesis, list or string, or finish the pipe';
  return diagnostic;
}
