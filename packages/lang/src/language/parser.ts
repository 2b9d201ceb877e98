import { EmbeddedActionsParser, EOF, type IToken, type TokenType, tokenMatcher } from 'chevrotain';
import type {
  Argument,
  BinaryOperator,
  Block,
  BlockExpression,
  Command,
  Expression,
  FieldPath,
  FlagArgument,
  Identifier,
  IfStatement,
  PathSegment,
  Pipeline,
  Program,
  RecordLiteral,
  RestArguments,
  Span,
  Statement,
  StringLiteral,
  SubPipeline,
} from './ast.ts';
import type { Diagnostic } from './diagnostics.ts';
import { classifyWord } from './literals.ts';
import { describeToken, errorMessages, exceptionToDiagnostic } from './parse-messages.ts';
import { LineTable } from './positions.ts';
import { dropInsignificantNewlines, isReal, tokenEnd } from './significant-tokens.ts';
import { stringPieceParts, variableFromText } from './strings.ts';
import * as T from './tokens.ts';

/** Commands whose arguments are one row condition (`where status == running`). */
export const CONDITION_COMMANDS: ReadonlySet<string> = new Set(['where']);

export interface ParseOptions {
  /** Shown in diagnostics; the parser itself does not read files. */
  file?: string;
}

export interface ParseResult {
  program: Program;
  diagnostics: Diagnostic[];
  /**
   * True when the only problems are that the input ended too early (an open
   * block, string, parenthesis or a trailing `|`): the REPL asks for another line.
   */
  incomplete: boolean;
}

/** How tokens that touch each other are glued into one value. */
type GlueMode =
  /** A command argument: everything that touches glues (`-e K=V`, `-r docker,crio`). */
  | 'arg'
  /** A list item or record value: like 'arg' but commas separate. */
  | 'item'
  /** An expression operand: words, strings and variables glue; operators never do. */
  | 'expr';

interface DeferredSubPipeline {
  node: SubPipeline;
  start: number;
  end: number;
}

const BINARY_OPERATORS: ReadonlyMap<TokenType, BinaryOperator> = new Map<TokenType, BinaryOperator>([
  [T.EqEq, '=='],
  [T.Equals, '=='],
  [T.NotEq, '!='],
  [T.Less, '<'],
  [T.LessEq, '<='],
  [T.Greater, '>'],
  [T.GreaterEq, '>='],
  [T.Match, '=~'],
  [T.NotMatch, '!~'],
  [T.In, 'in'],
  [T.NotIn, 'not-in'],
  [T.StartsWith, 'starts-with'],
  [T.EndsWith, 'ends-with'],
]);

class IcrParser extends EmbeddedActionsParser {
  lines: LineTable = new LineTable('');
  extra: Diagnostic[] = [];
  deferred: DeferredSubPipeline[] = [];
  /** Offset just after the last real token: where "end of input" carets go. */
  endOfInput = 0;
  /** Unclosed `(` and `{` inside the rest words being read. */
  restParens = 0;
  /** Parsing the condition of `if`/`for`: a `{` there opens the body, never a value. */
  conditionHead = false;
  restBraces = 0;

  constructor() {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 1, errorMessageProvider: errorMessages });
    this.performSelfAnalysis();
  }

  // ------------------------------------------------------------ helpers (run only outside recording)

  span(start: number, end: number): Span {
    return this.lines.span(start, end);
  }

  /** The last token actually consumed, or null at the start. */
  previousRealToken(): IToken | null {
    const previous = this.LA(0);
    return isReal(previous) ? previous : null;
  }

  startOf(token: IToken): number {
    if (isReal(token)) return token.startOffset;
    const previous = this.previousRealToken();
    return previous ? tokenEnd(previous) : this.endOfInput;
  }

  endOf(token: IToken): number {
    if (isReal(token)) return tokenEnd(token);
    const previous = this.previousRealToken();
    return previous ? tokenEnd(previous) : this.endOfInput;
  }

  tokenSpan(first: IToken, last: IToken = first): Span {
    const start = this.startOf(first);
    return this.span(start, Math.max(start, this.endOf(last)));
  }

  here(): Span {
    const previous = this.previousRealToken();
    const at = previous ? tokenEnd(previous) : isReal(this.LA(1)) ? this.LA(1).startOffset : this.endOfInput;
    return this.span(at, at);
  }

  joinSpans(first: Span, last: Span): Span {
    return { start: first.start, end: last.end.offset >= first.start.offset ? last.end : first.start };
  }

  error(code: string, message: string, span: Span, hint?: string): void {
    this.extra.push(
      hint === undefined
        ? { severity: 'error', code, message, span }
        : { severity: 'error', code, message, span, hint },
    );
  }

  adjacent(before: IToken, after: IToken): boolean {
    return isReal(before) && isReal(after) && tokenEnd(before) === after.startOffset;
  }

  /** The next token touches the last consumed one and may glue onto it in this mode. */
  gluesOn(mode: GlueMode): boolean {
    const next = this.LA(1);
    if (!this.adjacent(this.LA(0), next)) return false;
    if (mode === 'expr') return tokenMatcher(next, T.ExprPiece);
    if (mode === 'item' && next.tokenType === T.Comma) return false;
    return tokenMatcher(next, T.ArgPiece);
  }

  commandAhead(): boolean {
    const next = this.LA(1);
    return next.tokenType === T.Word && classifyWord(next.image).kind === 'String';
  }

  /** In a row condition, `(status == x)` groups while `(ps -a | count)` is a sub-pipeline. */
  parenStartsPipeline(): boolean {
    if (!this.commandAhead()) return false;
    const second = this.LA(2);
    if (second.tokenType === T.RParen || second.tokenType === EOF) return false;
    if (tokenMatcher(second, T.CompareOp) || tokenMatcher(second, T.Keyword)) return false;
    if (
      second.tokenType === T.Plus ||
      second.tokenType === T.Minus ||
      second.tokenType === T.Star ||
      second.tokenType === T.Slash
    )
      return false;
    return true;
  }

  recordAhead(): boolean {
    let k = 2;
    while (this.LA(k).tokenType === T.Newline) k++;
    const first = this.LA(k);
    if (first.tokenType === T.RBrace) return k === 2;
    if (first.tokenType === T.Word) return first.image.length > 1 && first.image.endsWith(':');
    if (first.tokenType === T.SingleQuoted || first.tokenType === T.DoubleQuoted) {
      const colon = this.LA(k + 1);
      return colon.tokenType === T.Word && colon.image.startsWith(':') && this.adjacent(first, colon);
    }
    return false;
  }

  atStatementEnd(): boolean {
    const type = this.LA(1).tokenType;
    return type === T.Newline || type === T.Semicolon || type === T.RBrace || type === T.RParen || type === EOF;
  }

  requireStatementEnd(): void {
    if (this.atStatementEnd()) return;
    const next = this.LA(1);
    this.error(
      'parse/missing-separator',
      `expected a newline or ';' before ${describeToken(next)}`,
      this.tokenSpan(next),
      next.tokenType === T.NegativeNumber
        ? `to subtract, put spaces around the minus: - ${next.image.slice(1)}`
        : 'put each statement on its own line or separate statements with ;',
    );
  }

  strayKeyword(token: IToken): void {
    const word = token.image;
    const message =
      word === 'else' || word === 'catch'
        ? `'${word}' must come right after the '}' of ${word === 'else' ? "an 'if'" : "a 'try'"} block`
        : `'${word}' cannot start a statement`;
    this.error('parse/unexpected-token', message, this.tokenSpan(token), `quote it ('${word}') to use it as a word`);
  }

  restContinues(): boolean {
    const next = this.LA(1);
    if (!tokenMatcher(next, T.RestPiece)) return false;
    if (next.tokenType === T.RParen) return this.restParens > 0;
    if (next.tokenType === T.RBrace) return this.restBraces > 0;
    return true;
  }

  trackRestDepth(token: IToken): void {
    const type = token.tokenType;
    if (type === T.LParen) this.restParens++;
    else if (type === T.RParen) this.restParens--;
    else if (type === T.LBrace) this.restBraces++;
    else if (type === T.RBrace) this.restBraces--;
  }

  identifier(token: IToken): Identifier {
    return { kind: 'Identifier', name: isReal(token) ? token.image : '', span: this.tokenSpan(token) };
  }

  emptyString(span: Span): StringLiteral {
    return { kind: 'String', value: '', bare: true, span };
  }

  emptyPipeline(): Pipeline {
    return { kind: 'Pipeline', source: null, commands: [], span: this.here() };
  }

  emptyStatement(): Statement {
    return { kind: 'PipelineStatement', pipeline: this.emptyPipeline(), span: this.here() };
  }

  emptyBlock(): Block {
    return { kind: 'Block', statements: [], span: this.here() };
  }

  /** Builds the value of tokens glued together (`K=V`, `labels."a.b"`, `web-$n`). */
  wordValue(pieces: IToken[], fieldSide: boolean): Expression {
    const first = pieces[0]!;
    const last = pieces[pieces.length - 1]!;
    const span = this.tokenSpan(first, last);
    if (pieces.length === 1) {
      const single = this.singleTokenValue(first, span, fieldSide);
      if (single) return single;
    } else if (
      fieldSide &&
      pieces.every((p) => p.tokenType === T.Word || p.tokenType === T.DoubleQuoted || p.tokenType === T.SingleQuoted)
    ) {
      return this.fieldPath(pieces, span);
    }
    const parts: Array<string | Expression> = [];
    let allText = true;
    for (const piece of pieces) {
      if (!isReal(piece)) continue;
      for (const part of this.pieceParts(piece)) {
        if (typeof part === 'string') {
          if (typeof parts[parts.length - 1] === 'string') parts[parts.length - 1] += part;
          else parts.push(part);
        } else {
          allText = false;
          parts.push(part);
        }
      }
    }
    if (allText) {
      const literal: StringLiteral = {
        kind: 'String',
        value: (parts[0] as string | undefined) ?? '',
        bare: true,
        span,
      };
      if (
        pieces.every((p) => p.tokenType === T.Word || p.tokenType === T.DoubleQuoted || p.tokenType === T.SingleQuoted)
      ) {
        literal.path = this.fieldPath(pieces, span).path;
      }
      return literal;
    }
    return { kind: 'Template', parts, span };
  }

  singleTokenValue(token: IToken, span: Span, fieldSide: boolean): Expression | null {
    const type = token.tokenType;
    if (!isReal(token)) return this.emptyString(span);
    if (type === T.Word || type === T.NegativeNumber) {
      const text = token.image;
      const value = classifyWord(text);
      switch (value.kind) {
        case 'Number':
          return { kind: 'Number', value: value.value, text, span };
        case 'Size':
          return { kind: 'Size', bytes: value.bytes, text, span };
        case 'Duration':
          return { kind: 'Duration', milliseconds: value.milliseconds, text, span };
        default:
          if (fieldSide && type === T.Word) return this.fieldPath([token], span);
          return { kind: 'String', value: text, bare: true, span };
      }
    }
    if (type === T.True || type === T.False) return { kind: 'Boolean', value: type === T.True, span };
    if (type === T.Null) return { kind: 'Null', span };
    if (type === T.Variable) return variableFromText(token.image, token.startOffset, this.lines, this.extra);
    if (type === T.SingleQuoted || type === T.DoubleQuoted || type === T.UnterminatedString) {
      const parts = this.pieceParts(token);
      if (parts.length === 0) return { kind: 'String', value: '', bare: false, span };
      if (parts.length === 1 && typeof parts[0] === 'string')
        return { kind: 'String', value: parts[0], bare: false, span };
      return { kind: 'Template', parts, span };
    }
    // Operators, flags and keywords: the caller glues their text.
    return null;
  }

  /** The text and interpolations one glued piece contributes. */
  pieceParts(token: IToken): Array<string | Expression> {
    const type = token.tokenType;
    if (type === T.Variable) return [variableFromText(token.image, token.startOffset, this.lines, this.extra)];
    if (type === T.SingleQuoted) return [token.image.slice(1, -1)];
    if (type === T.DoubleQuoted) {
      return stringPieceParts(
        token.image.slice(1, -1),
        token.startOffset + 1,
        this.lines,
        this.extra,
        (node, start, end) => this.deferred.push({ node, start, end }),
      );
    }
    if (type === T.UnterminatedString) {
      const atEnd = tokenEnd(token) >= this.lines.source.length;
      this.error(
        atEnd ? 'parse/unexpected-end' : 'parse/unterminated-string',
        'this string is never closed',
        this.tokenSpan(token),
        `add the closing ${token.image[0]}`,
      );
      return [token.image.slice(1)];
    }
    if (type === T.Other) {
      this.error(
        'parse/unexpected-character',
        `unexpected character ${describeToken(token)}`,
        this.tokenSpan(token),
        token.image === '$'
          ? 'a variable is $ followed by a name ($x); quote a literal $'
          : 'quote it if it is part of a value',
      );
    }
    return [token.image];
  }

  fieldPath(pieces: IToken[], span: Span): FieldPath {
    const path: PathSegment[] = [];
    for (const piece of pieces) {
      if (!isReal(piece)) continue;
      if (piece.tokenType === T.Word) {
        let offset = piece.startOffset;
        for (const name of piece.image.split('.')) {
          if (name.length > 0) path.push({ name, quoted: false, span: this.span(offset, offset + name.length) });
          offset += name.length + 1;
        }
      } else {
        const text =
          piece.tokenType === T.SingleQuoted ? piece.image.slice(1, -1) : stringText(piece.image.slice(1, -1));
        path.push({ name: text, quoted: true, span: this.tokenSpan(piece) });
      }
    }
    return { kind: 'FieldPath', path, span };
  }

  shortFlags(token: IToken): FlagArgument[] {
    if (!isReal(token)) return [];
    const letters = token.image.slice(1);
    const flags: FlagArgument[] = [];
    for (let i = 0; i < letters.length; i++) {
      const start = token.startOffset + 1 + i;
      // The first letter's span includes the dash so carets point at `-a`.
      flags.push({
        kind: 'Flag',
        name: letters[i]!,
        long: false,
        value: null,
        span: this.span(i === 0 ? start - 1 : start, start + 1),
      });
    }
    return flags;
  }

  // ------------------------------------------------------------ grammar

  /** The top-level statements parsed so far: kept even when the program rule itself fails. */
  topLevel: Statement[] = [];

  program = this.RULE('program', (): Statement[] => {
    const statements: Statement[] = [];
    this.ACTION(() => {
      this.topLevel = statements;
    });
    this.MANY(() => {
      this.OR({
        MAX_LOOKAHEAD: 1,
        DEF: [
          { ALT: () => this.CONSUME(T.Newline) },
          { ALT: () => this.CONSUME(T.Semicolon) },
          {
            ALT: () => {
              const stray = this.OR2([
                { ALT: () => this.CONSUME(T.RBrace) },
                { ALT: () => this.CONSUME(T.RParen) },
                { ALT: () => this.CONSUME(T.RBracket) },
              ]);
              this.ACTION(() =>
                this.error(
                  'parse/unexpected-token',
                  `unexpected ${describeToken(stray)}: nothing is open here`,
                  this.tokenSpan(stray),
                ),
              );
            },
          },
          {
            ALT: () => {
              const statement = this.SUBRULE(this.statement);
              this.ACTION(() => {
                statements.push(statement);
                this.requireStatementEnd();
              });
            },
          },
          {
            IGNORE_AMBIGUITIES: true,
            ALT: () => {
              const stray = this.CONSUME(T.Keyword);
              this.ACTION(() => this.strayKeyword(stray));
            },
          },
        ],
      });
    });
    return statements;
  });

  block = this.RULE(
    'block',
    (): Block => {
      const open = this.CONSUME(T.LBrace);
      const statements: Statement[] = [];
      this.MANY(() => {
        this.OR({
          MAX_LOOKAHEAD: 1,
          DEF: [
            { ALT: () => this.CONSUME(T.Newline) },
            { ALT: () => this.CONSUME(T.Semicolon) },
            {
              ALT: () => {
                const statement = this.SUBRULE(this.statement);
                this.ACTION(() => {
                  statements.push(statement);
                  this.requireStatementEnd();
                });
              },
            },
            {
              IGNORE_AMBIGUITIES: true,
              ALT: () => {
                const stray = this.CONSUME(T.Keyword);
                this.ACTION(() => this.strayKeyword(stray));
              },
            },
          ],
        });
      });
      const close = this.CONSUME(T.RBrace);
      return this.ACTION(() => ({ kind: 'Block', statements, span: this.tokenSpan(open, close) }) as Block);
    },
    { recoveryValueFunc: () => this.emptyBlock() },
  );

  statement = this.RULE(
    'statement',
    (): Statement => {
      this.ACTION(() => {
        this.conditionHead = false;
      });
      return this.OR({
        MAX_LOOKAHEAD: 1,
        DEF: [
          { ALT: () => this.SUBRULE(this.letStatement) },
          { ALT: () => this.SUBRULE(this.useStatement) },
          { ALT: () => this.SUBRULE(this.ifStatement) },
          { ALT: () => this.SUBRULE(this.forStatement) },
          { ALT: () => this.SUBRULE(this.assertStatement) },
          { ALT: () => this.SUBRULE(this.exitStatement) },
          { ALT: () => this.SUBRULE(this.tryStatement) },
          {
            IGNORE_AMBIGUITIES: true,
            ALT: () => {
              const pipeline = this.SUBRULE(this.pipeline);
              return this.ACTION(() => ({ kind: 'PipelineStatement', pipeline, span: pipeline.span }) as Statement);
            },
          },
        ],
      });
    },
    {
      recoveryValueFunc: (): Statement => ({
        kind: 'PipelineStatement',
        pipeline: this.emptyPipeline(),
        span: this.here(),
      }),
    },
  );

  letStatement = this.RULE(
    'letStatement',
    (): Statement => {
      const keyword = this.CONSUME(T.Let);
      const name = this.CONSUME(T.Word);
      this.CONSUME(T.Equals);
      const value = this.SUBRULE(this.pipeline);
      return this.ACTION(() => ({
        kind: 'LetStatement',
        name: this.identifier(name),
        value,
        span: this.joinSpans(this.tokenSpan(keyword), value.span),
      }));
    },
    { recoveryValueFunc: (): Statement => this.emptyStatement() },
  );

  useStatement = this.RULE(
    'useStatement',
    (): Statement => {
      const keyword = this.CONSUME(T.Use);
      const name = this.CONSUME(T.Word);
      return this.ACTION(() => ({
        kind: 'UseStatement',
        runtime: this.identifier(name),
        span: this.tokenSpan(keyword, name),
      }));
    },
    { recoveryValueFunc: (): Statement => this.emptyStatement() },
  );

  ifStatement = this.RULE(
    'ifStatement',
    (): IfStatement => {
      const keyword = this.CONSUME(T.If);
      this.ACTION(() => {
        this.conditionHead = true;
      });
      const condition = this.SUBRULE(this.expression, { ARGS: [false] });
      this.ACTION(() => {
        this.conditionHead = false;
      });
      const then = this.SUBRULE(this.block);
      let otherwise: Block | IfStatement | null = null;
      this.OPTION(() => {
        this.CONSUME(T.Else);
        otherwise = this.OR([{ ALT: () => this.SUBRULE2(this.ifStatement) }, { ALT: () => this.SUBRULE2(this.block) }]);
      });
      return this.ACTION(() => {
        const end = (otherwise as Block | IfStatement | null)?.span ?? then.span;
        return { kind: 'IfStatement', condition, then, otherwise, span: this.joinSpans(this.tokenSpan(keyword), end) };
      });
    },
    {
      recoveryValueFunc: (): IfStatement => ({
        kind: 'IfStatement',
        condition: this.emptyString(this.here()),
        // biome-ignore lint/suspicious/noThenProperty: the AST names the branch `then`.
        then: this.emptyBlock(),
        otherwise: null,
        span: this.here(),
      }),
    },
  );

  forStatement = this.RULE(
    'forStatement',
    (): Statement => {
      const keyword = this.CONSUME(T.For);
      const variable = this.CONSUME(T.Word);
      this.CONSUME(T.In);
      this.ACTION(() => {
        this.conditionHead = true;
      });
      const iterable = this.SUBRULE(this.expression, { ARGS: [false] });
      this.ACTION(() => {
        this.conditionHead = false;
      });
      const body = this.SUBRULE(this.block);
      return this.ACTION(() => ({
        kind: 'ForStatement',
        variable: this.identifier(variable),
        iterable,
        body,
        span: this.joinSpans(this.tokenSpan(keyword), body.span),
      }));
    },
    { recoveryValueFunc: (): Statement => this.emptyStatement() },
  );

  assertStatement = this.RULE(
    'assertStatement',
    (): Statement => {
      const keyword = this.CONSUME(T.Assert);
      const condition = this.SUBRULE(this.expression, { ARGS: [false] });
      let message: Expression | null = null;
      this.OPTION(() => {
        message = this.SUBRULE(this.exprPrimary, { ARGS: [false, false] });
      });
      return this.ACTION(() => ({
        kind: 'AssertStatement',
        condition,
        message,
        span: this.joinSpans(this.tokenSpan(keyword), (message as Expression | null)?.span ?? condition.span),
      }));
    },
    { recoveryValueFunc: (): Statement => this.emptyStatement() },
  );

  exitStatement = this.RULE(
    'exitStatement',
    (): Statement => {
      const keyword = this.CONSUME(T.Exit);
      let code: Expression | null = null;
      this.OPTION(() => {
        code = this.SUBRULE(this.expression, { ARGS: [false] });
      });
      return this.ACTION(() => ({
        kind: 'ExitStatement',
        code,
        span: this.joinSpans(this.tokenSpan(keyword), (code as Expression | null)?.span ?? this.tokenSpan(keyword)),
      }));
    },
    { recoveryValueFunc: (): Statement => this.emptyStatement() },
  );

  tryStatement = this.RULE(
    'tryStatement',
    (): Statement => {
      const keyword = this.CONSUME(T.Try);
      const body = this.SUBRULE(this.block);
      this.CONSUME(T.Catch);
      let errorVariable: IToken | null = null;
      this.OPTION(() => {
        errorVariable = this.OR([{ ALT: () => this.CONSUME(T.Word) }, { ALT: () => this.CONSUME(T.Variable) }]);
      });
      const handler = this.SUBRULE2(this.block);
      return this.ACTION(() => {
        const token = errorVariable as IToken | null;
        let variable: Identifier | null = null;
        if (token && isReal(token)) {
          const name = token.image.startsWith('$') ? token.image.slice(1) : token.image;
          variable = { kind: 'Identifier', name, span: this.tokenSpan(token) };
          if (name.includes('.'))
            this.error('parse/bad-variable', `'${token.image}' is not a variable name`, variable.span);
        }
        return {
          kind: 'TryStatement',
          body,
          errorVariable: variable,
          handler,
          span: this.joinSpans(this.tokenSpan(keyword), handler.span),
        };
      });
    },
    { recoveryValueFunc: (): Statement => this.emptyStatement() },
  );

  pipeline = this.RULE(
    'pipeline',
    (): Pipeline => {
      let source: Expression | null = null;
      const commands: Command[] = [];
      this.OR([
        {
          GATE: () => this.commandAhead(),
          ALT: () => {
            const command = this.SUBRULE(this.command);
            this.ACTION(() => commands.push(command));
          },
        },
        {
          IGNORE_AMBIGUITIES: true,
          ALT: () => {
            source = this.SUBRULE(this.expression, { ARGS: [false] });
          },
        },
      ]);
      this.MANY(() => {
        this.CONSUME(T.Pipe);
        const command = this.SUBRULE2(this.command);
        this.ACTION(() => commands.push(command));
      });
      return this.ACTION(() => {
        const first = (source as Expression | null)?.span ?? commands[0]?.span ?? this.here();
        const last = commands[commands.length - 1]?.span ?? first;
        return { kind: 'Pipeline', source, commands, span: this.joinSpans(first, last) } as Pipeline;
      });
    },
    { recoveryValueFunc: () => this.emptyPipeline() },
  );

  command = this.RULE(
    'command',
    (): Command => {
      const name = this.CONSUME(T.Word);
      const args: Argument[] = [];
      let rest: RestArguments | null = null;
      this.OR([
        {
          GATE: () => CONDITION_COMMANDS.has(name.image),
          ALT: () => {
            this.OPTION(() => {
              const condition = this.SUBRULE(this.expression, { ARGS: [true] });
              this.ACTION(() => args.push(condition));
            });
            this.MANY(() => {
              const extra = this.SUBRULE(this.argument);
              this.ACTION(() => {
                for (const argument of extra) {
                  this.error(
                    'parse/unexpected-token',
                    `unexpected ${argument.kind === 'Flag' ? 'flag' : 'value'} after the condition of '${name.image}'`,
                    argument.span,
                    'join conditions with and/or; quote values that contain spaces',
                  );
                }
              });
            });
          },
        },
        {
          IGNORE_AMBIGUITIES: true,
          ALT: () => {
            this.MANY2({
              GATE: () => this.LA(1).tokenType !== T.RestMarker,
              DEF: () => {
                const parsed = this.SUBRULE2(this.argument);
                this.ACTION(() => args.push(...parsed));
              },
            });
            this.OPTION2(() => {
              const marker = this.CONSUME(T.RestMarker);
              const words: Expression[] = [];
              this.ACTION(() => {
                this.restParens = 0;
                this.restBraces = 0;
              });
              this.MANY3({
                GATE: () => this.restContinues(),
                DEF: () => {
                  const word = this.SUBRULE(this.restWord);
                  this.ACTION(() => words.push(word));
                },
              });
              this.ACTION(() => {
                const last = words[words.length - 1];
                rest = {
                  kind: 'Rest',
                  words,
                  span: last ? this.joinSpans(this.tokenSpan(marker), last.span) : this.tokenSpan(marker),
                };
              });
            });
          },
        },
      ]);
      return this.ACTION(() => {
        const nameSpan = this.tokenSpan(name);
        const lastSpan = (rest as RestArguments | null)?.span ?? args[args.length - 1]?.span ?? nameSpan;
        return {
          kind: 'Command',
          name: this.identifier(name),
          args,
          rest,
          span: this.joinSpans(nameSpan, lastSpan),
        } as Command;
      });
    },
    {
      recoveryValueFunc: () =>
        ({
          kind: 'Command',
          name: { kind: 'Identifier', name: '', span: this.here() },
          args: [],
          rest: null,
          span: this.here(),
        }) as Command,
    },
  );

  argument = this.RULE(
    'argument',
    (): Argument[] =>
      this.OR([
        {
          ALT: () => {
            const flag = this.CONSUME(T.LongFlag);
            let equals: IToken | null = null;
            let value: Expression | null = null;
            this.OPTION({
              GATE: () => this.LA(1).tokenType === T.Equals && this.adjacent(flag, this.LA(1)),
              DEF: () => {
                equals = this.CONSUME(T.Equals);
                this.OPTION2({
                  GATE: () => this.gluesOn('arg'),
                  DEF: () => {
                    value = this.SUBRULE(this.argValue, { ARGS: ['arg'] });
                  },
                });
              },
            });
            return this.ACTION(() => {
              const name = isReal(flag) ? flag.image.slice(2) : '';
              const eq = equals as IToken | null;
              let flagValue = value as Expression | null;
              if (eq && !flagValue) flagValue = this.emptyString(this.span(this.endOf(eq), this.endOf(eq)));
              const span = flagValue ? this.joinSpans(this.tokenSpan(flag), flagValue.span) : this.tokenSpan(flag);
              return [{ kind: 'Flag', name, long: true, value: flagValue, span } as FlagArgument];
            });
          },
        },
        {
          ALT: () => {
            const flag = this.CONSUME(T.ShortFlag);
            return this.ACTION(() => this.shortFlags(flag));
          },
        },
        {
          IGNORE_AMBIGUITIES: true,
          ALT: () => {
            const value = this.SUBRULE2(this.argValue, { ARGS: ['arg'] });
            return this.ACTION(() => [value]);
          },
        },
      ]),
    { recoveryValueFunc: () => [] },
  );

  /** A command argument, list item or record value. */
  argValue = this.RULE(
    'argValue',
    (mode: GlueMode = 'arg'): Expression =>
      this.OR([
        { ALT: () => this.SUBRULE(this.parenthesized, { ARGS: [false] }) },
        { ALT: () => this.SUBRULE(this.list) },
        { ALT: () => this.SUBRULE(this.braced) },
        {
          ALT: () => {
            const pieces = [this.CONSUME(T.ArgPiece)];
            this.MANY({
              GATE: () => this.gluesOn(mode),
              DEF: () => {
                pieces.push(this.CONSUME2(T.ArgPiece));
              },
            });
            return this.ACTION(() => this.wordValue(pieces, false));
          },
        },
      ]),
    { recoveryValueFunc: () => this.emptyString(this.here()) },
  );

  restWord = this.RULE(
    'restWord',
    (): Expression => {
      const pieces = [this.CONSUME(T.RestPiece)];
      this.ACTION(() => this.trackRestDepth(pieces[0]!));
      this.MANY({
        GATE: () => this.adjacent(this.LA(0), this.LA(1)) && this.restContinues(),
        DEF: () => {
          const piece = this.CONSUME2(T.RestPiece);
          this.ACTION(() => {
            pieces.push(piece);
            this.trackRestDepth(piece);
          });
        },
      });
      return this.ACTION(() => {
        const only = pieces.length === 1 ? pieces[0]!.tokenType : null;
        if (only === T.SingleQuoted || only === T.DoubleQuoted || only === T.Variable) {
          return this.singleTokenValue(pieces[0]!, this.tokenSpan(pieces[0]!), false)!;
        }
        // Rest words stay text: `-c`, `1`, `a=b` are strings, only $variables interpolate.
        const span = this.tokenSpan(pieces[0]!, pieces[pieces.length - 1]!);
        const parts: Array<string | Expression> = [];
        let allText = true;
        for (const piece of pieces) {
          for (const part of this.pieceParts(piece)) {
            if (typeof part === 'string') {
              if (typeof parts[parts.length - 1] === 'string') parts[parts.length - 1] += part;
              else parts.push(part);
            } else {
              allText = false;
              parts.push(part);
            }
          }
        }
        if (allText)
          return { kind: 'String', value: (parts[0] as string | undefined) ?? '', bare: true, span } as Expression;
        return { kind: 'Template', parts, span } as Expression;
      });
    },
    { recoveryValueFunc: () => this.emptyString(this.here()) },
  );

  list = this.RULE(
    'list',
    (): Expression => {
      const open = this.CONSUME(T.LBracket);
      const items: Expression[] = [];
      let outerHead = false;
      this.ACTION(() => {
        outerHead = this.conditionHead;
        this.conditionHead = false;
      });
      this.MANY(() => {
        this.OR([
          { ALT: () => this.CONSUME(T.Comma) },
          { ALT: () => this.CONSUME(T.Newline) },
          {
            IGNORE_AMBIGUITIES: true,
            ALT: () => {
              const item = this.SUBRULE(this.argValue, { ARGS: ['item'] });
              this.ACTION(() => items.push(item));
            },
          },
        ]);
      });
      const close = this.CONSUME(T.RBracket);
      return this.ACTION(() => {
        this.conditionHead = outerHead;
        return { kind: 'List', items, span: this.tokenSpan(open, close) } as Expression;
      });
    },
    { recoveryValueFunc: () => ({ kind: 'List', items: [], span: this.here() }) as Expression },
  );

  /** `{ key: value }` where the first key says so, else a block. */
  braced = this.RULE(
    'braced',
    (): Expression =>
      this.OR([
        { GATE: () => this.recordAhead(), ALT: () => this.SUBRULE(this.record) },
        {
          IGNORE_AMBIGUITIES: true,
          ALT: () => {
            const block = this.SUBRULE(this.block);
            return this.ACTION(() => ({ kind: 'BlockExpression', block, span: block.span }) as BlockExpression);
          },
        },
      ]),
    {
      recoveryValueFunc: () => ({ kind: 'BlockExpression', block: this.emptyBlock(), span: this.here() }) as Expression,
    },
  );

  record = this.RULE(
    'record',
    (): Expression => {
      const open = this.CONSUME(T.LBrace);
      const fields: RecordLiteral['fields'] = [];
      this.MANY(() => {
        this.OR([
          { ALT: () => this.CONSUME(T.Comma) },
          { ALT: () => this.CONSUME(T.Newline) },
          {
            ALT: () => {
              const key = this.CONSUME(T.ExprPiece);
              const keyPieces = [key];
              this.MANY2({
                GATE: () => this.gluesOn('item'),
                DEF: () => {
                  keyPieces.push(this.CONSUME2(T.ArgPiece));
                },
              });
              const value = this.SUBRULE(this.argValue, { ARGS: ['item'] });
              this.ACTION(() => {
                const keyExpression = this.wordValue(keyPieces, false);
                const keyText = keyExpression.kind === 'String' ? keyExpression.value : '';
                if (!keyText.endsWith(':') || keyText.length < 2) {
                  this.error(
                    'parse/record-key',
                    "expected 'key: value' in a record",
                    keyExpression.span,
                    'write a space after the colon: {name: web}',
                  );
                }
                fields.push({ key: keyText.replace(/:$/, ''), keySpan: keyExpression.span, value });
              });
            },
          },
        ]);
      });
      const close = this.CONSUME(T.RBrace);
      return this.ACTION(() => ({ kind: 'Record', fields, span: this.tokenSpan(open, close) }) as Expression);
    },
    { recoveryValueFunc: (): Expression => ({ kind: 'Record', fields: [], span: this.here() }) },
  );

  /** `( ... )`: a sub-pipeline, or grouping when it holds just an expression. */
  parenthesized = this.RULE(
    'parenthesized',
    (row = false): Expression => {
      const open = this.CONSUME(T.LParen);
      let inner: Expression | Pipeline | null = null;
      let outerHead = false;
      this.ACTION(() => {
        outerHead = this.conditionHead;
        this.conditionHead = false;
      });
      this.OR([
        {
          GATE: () => row && !this.parenStartsPipeline(),
          ALT: () => {
            const source = this.SUBRULE(this.expression, { ARGS: [true] });
            const commands: Command[] = [];
            // `($names | count)` inside a condition: the expression feeds a pipeline.
            this.MANY(() => {
              this.CONSUME(T.Pipe);
              const command = this.SUBRULE(this.command);
              this.ACTION(() => commands.push(command));
            });
            this.ACTION(() => {
              inner =
                commands.length === 0
                  ? source
                  : {
                      kind: 'Pipeline',
                      source,
                      commands,
                      span: this.joinSpans(source.span, commands[commands.length - 1]!.span),
                    };
            });
          },
        },
        {
          IGNORE_AMBIGUITIES: true,
          ALT: () => {
            inner = this.SUBRULE(this.pipeline);
          },
        },
      ]);
      const close = this.CONSUME(T.RParen);
      return this.ACTION(() => {
        this.conditionHead = outerHead;
        const node = inner as Expression | Pipeline;
        const span = this.tokenSpan(open, close);
        if (node.kind !== 'Pipeline') return node;
        if (node.commands.length === 0 && node.source) return node.source;
        return { kind: 'SubPipeline', pipeline: node, span } as SubPipeline;
      });
    },
    { recoveryValueFunc: () => this.emptyString(this.here()) },
  );

  // ------------------------------------------------------------ expressions

  expression = this.RULE(
    'expression',
    (row = false): Expression => {
      let left = this.SUBRULE(this.andExpression, { ARGS: [row] });
      this.MANY(() => {
        const operator = this.CONSUME(T.Or);
        const right = this.SUBRULE2(this.andExpression, { ARGS: [row] });
        this.ACTION(() => {
          left = this.binary('or', operator, left, right);
        });
      });
      return left;
    },
    { recoveryValueFunc: () => this.emptyString(this.here()) },
  );

  andExpression = this.RULE(
    'andExpression',
    (row = false): Expression => {
      let left = this.SUBRULE(this.notExpression, { ARGS: [row] });
      this.MANY(() => {
        const operator = this.CONSUME(T.And);
        const right = this.SUBRULE2(this.notExpression, { ARGS: [row] });
        this.ACTION(() => {
          left = this.binary('and', operator, left, right);
        });
      });
      return left;
    },
    { recoveryValueFunc: () => this.emptyString(this.here()) },
  );

  notExpression = this.RULE(
    'notExpression',
    (row = false): Expression =>
      this.OR([
        {
          ALT: () => {
            const operator = this.CONSUME(T.Not);
            const operand = this.SUBRULE(this.notExpression, { ARGS: [row] });
            return this.ACTION(() =>
              this.deeper(
                {
                  kind: 'Unary',
                  operator: 'not',
                  operand,
                  span: this.joinSpans(this.tokenSpan(operator), operand.span),
                },
                operand,
              ),
            );
          },
        },
        { ALT: () => this.SUBRULE(this.comparison, { ARGS: [row] }) },
      ]),
    { recoveryValueFunc: () => this.emptyString(this.here()) },
  );

  comparison = this.RULE(
    'comparison',
    (row = false): Expression => {
      let left = this.SUBRULE(this.additive, { ARGS: [row, row] });
      this.OPTION(() => {
        const operator = this.CONSUME(T.CompareOp);
        const right = this.SUBRULE2(this.additive, { ARGS: [row, false] });
        this.ACTION(() => {
          left = this.binary(BINARY_OPERATORS.get(operator.tokenType) ?? '==', operator, left, right);
        });
      });
      return left;
    },
    { recoveryValueFunc: () => this.emptyString(this.here()) },
  );

  additive = this.RULE(
    'additive',
    (row = false, fieldSide = false): Expression => {
      let left = this.SUBRULE(this.multiplicative, { ARGS: [row, fieldSide] });
      this.MANY(() => {
        const operator = this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
        const right = this.SUBRULE2(this.multiplicative, { ARGS: [row, fieldSide] });
        this.ACTION(() => {
          left = this.binary(operator.tokenType === T.Plus ? '+' : '-', operator, left, right);
        });
      });
      return left;
    },
    { recoveryValueFunc: () => this.emptyString(this.here()) },
  );

  multiplicative = this.RULE(
    'multiplicative',
    (row = false, fieldSide = false): Expression => {
      let left = this.SUBRULE(this.unary, { ARGS: [row, fieldSide] });
      this.MANY(() => {
        const operator = this.OR([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.Slash) }]);
        const right = this.SUBRULE2(this.unary, { ARGS: [row, fieldSide] });
        this.ACTION(() => {
          left = this.binary(operator.tokenType === T.Star ? '*' : '/', operator, left, right);
        });
      });
      return left;
    },
    { recoveryValueFunc: () => this.emptyString(this.here()) },
  );

  unary = this.RULE(
    'unary',
    (row = false, fieldSide = false): Expression =>
      this.OR([
        {
          ALT: () => {
            const operator = this.CONSUME(T.Minus);
            const operand = this.SUBRULE(this.unary, { ARGS: [row, fieldSide] });
            return this.ACTION(() =>
              this.deeper(
                { kind: 'Unary', operator: '-', operand, span: this.joinSpans(this.tokenSpan(operator), operand.span) },
                operand,
              ),
            );
          },
        },
        { ALT: () => this.SUBRULE(this.exprPrimary, { ARGS: [row, fieldSide] }) },
      ]),
    { recoveryValueFunc: () => this.emptyString(this.here()) },
  );

  exprPrimary = this.RULE(
    'exprPrimary',
    (row = false, fieldSide = false): Expression =>
      this.OR([
        { ALT: () => this.SUBRULE(this.parenthesized, { ARGS: [row] }) },
        { ALT: () => this.SUBRULE(this.list) },
        { GATE: () => !this.conditionHead, ALT: () => this.SUBRULE(this.braced) },
        {
          ALT: () => {
            const token = this.OR2([
              { ALT: () => this.CONSUME(T.True) },
              { ALT: () => this.CONSUME(T.False) },
              { ALT: () => this.CONSUME(T.Null) },
            ]);
            return this.ACTION(() => this.singleTokenValue(token, this.tokenSpan(token), false)!);
          },
        },
        {
          ALT: () => {
            const pieces = [this.CONSUME(T.ExprPiece)];
            this.MANY({
              GATE: () => this.gluesOn('expr'),
              DEF: () => {
                pieces.push(this.CONSUME2(T.ExprPiece));
              },
            });
            return this.ACTION(() => this.wordValue(pieces, fieldSide));
          },
        },
      ]),
    { recoveryValueFunc: () => this.emptyString(this.here()) },
  );

  /** Operator nesting depth of the expressions built here, to refuse chains that would exhaust the stack later. */
  expressionDepth = new WeakMap<Expression, number>();

  deeper(node: Expression, ...children: Expression[]): Expression {
    let depth = 0;
    for (const child of children) depth = Math.max(depth, this.expressionDepth.get(child) ?? 0);
    depth += 1;
    if (depth === MAX_OPERATOR_CHAIN + 1) {
      this.error(
        'parse/too-deep',
        `more than ${MAX_OPERATOR_CHAIN} operators in one expression`,
        node.span,
        'split it up with let',
      );
    }
    this.expressionDepth.set(node, depth);
    return node;
  }

  binary(
    operator: BinaryOperator,
    token: IToken,
    left: Expression | undefined,
    right: Expression | undefined,
  ): Expression {
    // Error recovery can leave an operand out; keep the tree whole for the checker.
    left ??= this.emptyString(this.tokenSpan(token));
    right ??= this.emptyString(this.span(this.endOf(token), this.endOf(token)));
    const node: Expression = {
      kind: 'Binary',
      operator,
      operatorSpan: this.tokenSpan(token),
      left,
      right,
      span: this.joinSpans(left.span, right.span),
    };
    return this.deeper(node, left, right);
  }
}

/** The text of a double-quoted string body with escapes resolved and no interpolation. */
function stringText(body: string): string {
  const parts = stringPieceParts(body, 0, null, null, null);
  return parts.map((part) => (typeof part === 'string' ? part : '')).join('');
}

let sharedParser: IcrParser | null = null;

function parserInstance(): IcrParser {
  sharedParser ??= new IcrParser();
  return sharedParser;
}

/**
 * Parses icr source into a Program. Never throws on bad input: problems come
 * back as diagnostics (several at once thanks to error recovery), and the
 * program holds whatever could be recovered.
 */
export function parse(source: string, _options: ParseOptions = {}): ParseResult {
  const parser = parserInstance();
  parser.lines = new LineTable(source);
  parser.extra = [];
  parser.deferred = [];
  parser.conditionHead = false;
  const diagnostics: Diagnostic[] = [];
  let incomplete = true;

  const runProgram = (text: string, base: number): Statement[] => {
    const lexed = T.icrLexer.tokenize(text);
    const tokens = lexed.tokens;
    if (base !== 0) {
      for (const token of tokens) {
        token.startOffset += base;
        if (token.endOffset !== undefined) token.endOffset += base;
      }
    }
    for (const error of lexed.errors) {
      const start = error.offset + base;
      diagnostics.push({
        severity: 'error',
        code: 'parse/unexpected-character',
        message: `unexpected character '${text.slice(error.offset, error.offset + Math.max(1, error.length))}'`,
        span: parser.span(start, start + Math.max(1, error.length)),
      });
      incomplete = false;
    }
    const last = tokens[tokens.length - 1];
    parser.endOfInput = last ? tokenEnd(last) : base;
    const significant = dropInsignificantNewlines(tokens);
    const tooDeep = firstTooDeep(significant);
    if (tooDeep) {
      // Deeper nesting would exhaust the stack here, in the checker or in the interpreter.
      diagnostics.push({
        severity: 'error',
        code: 'parse/too-deep',
        message: `brackets are nested more than ${MAX_NESTING} levels deep`,
        span: parser.span(tooDeep.startOffset, tokenEnd(tooDeep)),
        hint: 'split the expression up with let',
      });
      incomplete = false;
      return [];
    }
    parser.input = significant;
    parser.topLevel = [];
    try {
      parser.program();
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      diagnostics.push({
        severity: 'error',
        code: 'parse/too-deep',
        message: 'this input is nested too deeply to parse',
        span: parser.span(base, base),
        hint: 'split long chains of operators or nested values up with let',
      });
      incomplete = false;
      return [];
    }
    const statements = parser.topLevel;
    for (const exception of parser.errors) {
      const diagnostic = exceptionToDiagnostic(exception, significant, parser.lines, parser.endOfInput);
      if (base !== 0 && diagnostic.code === 'parse/unexpected-end') {
        // The end of a `$( )` is not the end of the input: more lines would not help.
        diagnostic.code = 'parse/unexpected-token';
        diagnostic.message = diagnostic.message.replace('end of input', "')'");
        diagnostic.hint = 'finish the pipeline inside $( )';
      }
      if (diagnostic.code !== 'parse/unexpected-end') incomplete = false;
      diagnostics.push(diagnostic);
    }
    return statements;
  };

  const statements = runProgram(source, 0);
  // `$( ... )` inside double-quoted strings: parsed once the outer program is done.
  while (parser.deferred.length > 0) {
    const item = parser.deferred.shift()!;
    const problemsBefore = diagnostics.length;
    const inner = runProgram(source.slice(item.start, item.end), item.start);
    const only = inner[0];
    if (inner.length === 1 && only?.kind === 'PipelineStatement') {
      item.node.pipeline = only.pipeline;
    } else if (diagnostics.length === problemsBefore) {
      parser.extra.push({
        severity: 'error',
        code: 'parse/bad-interpolation',
        message: 'expected one pipeline inside $( )',
        span: item.node.span,
      });
    }
  }
  for (const diagnostic of parser.extra) {
    if (diagnostic.severity === 'error' && diagnostic.code !== 'parse/unexpected-end') incomplete = false;
    diagnostics.push(diagnostic);
  }
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const sorted = dedupe(diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset));
  const program: Program = {
    kind: 'Program',
    statements,
    span: parser.lines.span(0, source.length),
  };
  return { program, diagnostics: sorted, incomplete: errors.length > 0 && incomplete };
}

/** How many operators may nest in one expression (`1 + 1 + ...`, `not not ...`). */
export const MAX_OPERATOR_CHAIN = 500;

/** How deep `( [ {` may nest. */
export const MAX_NESTING = 64;

/** The first bracket that opens deeper than MAX_NESTING, if any. */
function firstTooDeep(tokens: IToken[]): IToken | null {
  let depth = 0;
  for (const token of tokens) {
    const type = token.tokenType;
    if (type === T.LParen || type === T.LBracket || type === T.LBrace) {
      if (++depth > MAX_NESTING) return token;
    } else if (type === T.RParen || type === T.RBracket || type === T.RBrace) {
      depth = Math.max(0, depth - 1);
    }
  }
  return null;
}

/** Recovery can report the same problem twice at one place; keep the first. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((diagnostic) => {
    const key = `${diagnostic.span.start.offset}:${diagnostic.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
