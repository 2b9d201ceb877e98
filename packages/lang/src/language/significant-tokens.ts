import { EOF, type IToken } from 'chevrotain';
import * as T from './tokens.ts';

/** A token that is in the source (not EOF, not inserted by error recovery). */
export function isReal(token: IToken | undefined): token is IToken {
  return token !== undefined && token.tokenType !== EOF && token.startOffset >= 0 && !token.isInsertedInRecovery;
}

export function tokenEnd(token: IToken): number {
  return (token.endOffset ?? token.startOffset + token.image.length - 1) + 1;
}

/**
 * Drops newlines that do not end a statement: inside `( )` and `[ ]`, after a
 * trailing `|`, before a line that starts with `|`, and between `}` and
 * `else`/`catch`. The grammar then never has to think about them there.
 */
export function dropInsignificantNewlines(tokens: IToken[]): IToken[] {
  const out: IToken[] = [];
  // true = parenthesis or bracket (newlines are spaces), false = brace (newlines separate statements)
  const nesting: boolean[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const type = token.tokenType;
    if (type === T.Newline) {
      if (nesting.length > 0 && nesting[nesting.length - 1]) continue;
      const previous = out[out.length - 1];
      if (previous === undefined || previous.tokenType === T.Pipe || previous.tokenType === T.Newline) continue;
      let j = i + 1;
      while (j < tokens.length && tokens[j]!.tokenType === T.Newline) j++;
      const next = tokens[j];
      if (next?.tokenType === T.Pipe) continue;
      if ((next?.tokenType === T.Else || next?.tokenType === T.Catch) && previous.tokenType === T.RBrace) continue;
      out.push(token);
      continue;
    }
    if (type === T.LParen || type === T.LBracket) nesting.push(true);
    else if (type === T.LBrace) nesting.push(false);
    else if (type === T.RParen || type === T.RBracket) {
      if (nesting[nesting.length - 1] === true) nesting.pop();
    } else if (type === T.RBrace) {
      if (nesting[nesting.length - 1] === false) nesting.pop();
    }
    out.push(token);
  }
  return out;
}
