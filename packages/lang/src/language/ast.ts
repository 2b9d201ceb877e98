/**
 * The icr syntax tree. Produced by the parser, read by the checker and the
 * interpreter; it knows nothing about runtimes or commands.
 *
 * Ownership: the language front end (lexer/parser/checker) owns this file and
 * may add node kinds; existing shapes stay stable for the interpreter.
 */

export interface Position {
  /** 0-based character offset into the source. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface Span {
  start: Position;
  /** Exclusive. */
  end: Position;
}

interface NodeBase {
  span: Span;
}

// ---------------------------------------------------------------- statements

export interface Program extends NodeBase {
  kind: 'Program';
  statements: Statement[];
}

export type Statement =
  | PipelineStatement
  | LetStatement
  | UseStatement
  | IfStatement
  | ForStatement
  | AssertStatement
  | ExitStatement
  | TryStatement;

export interface PipelineStatement extends NodeBase {
  kind: 'PipelineStatement';
  pipeline: Pipeline;
}

/** `let name = <pipeline>` */
export interface LetStatement extends NodeBase {
  kind: 'LetStatement';
  name: Identifier;
  value: Pipeline;
}

/** `use <runtime>` */
export interface UseStatement extends NodeBase {
  kind: 'UseStatement';
  runtime: Identifier;
}

/** `if cond { } else if cond { } else { }` */
export interface IfStatement extends NodeBase {
  kind: 'IfStatement';
  condition: Expression;
  then: Block;
  otherwise: Block | IfStatement | null;
}

/** `for x in <expr> { }` */
export interface ForStatement extends NodeBase {
  kind: 'ForStatement';
  variable: Identifier;
  iterable: Expression;
  body: Block;
}

/** `assert <expr> [message]` */
export interface AssertStatement extends NodeBase {
  kind: 'AssertStatement';
  condition: Expression;
  message: Expression | null;
}

/** `exit [code]` */
export interface ExitStatement extends NodeBase {
  kind: 'ExitStatement';
  code: Expression | null;
}

/** `try { } catch [err] { }` — `err` is bound to the error record in the handler. */
export interface TryStatement extends NodeBase {
  kind: 'TryStatement';
  body: Block;
  errorVariable: Identifier | null;
  handler: Block;
}

export interface Block extends NodeBase {
  kind: 'Block';
  statements: Statement[];
}

// ---------------------------------------------------------------- pipelines

/**
 * `a | b | c`. The first stage may be an expression (`$containers | stop`,
 * `[1, 2] | each { ... }`); every later stage is a command.
 */
export interface Pipeline extends NodeBase {
  kind: 'Pipeline';
  source: Expression | null;
  commands: Command[];
}

/**
 * `name arg... --flag value -f -- rest...`. The parser does not know which
 * flags take values: it keeps arguments in order and the checker binds them
 * against the command's signature (a value-taking flag takes the next argument).
 */
export interface Command extends NodeBase {
  kind: 'Command';
  name: Identifier;
  args: Argument[];
  /** Words after a bare `--`, verbatim (quotes removed), or null when there was no `--`. */
  rest: RestArguments | null;
}

export type Argument = FlagArgument | Expression;

/** `--name`, `--name=value`, `-n`. Grouped shorts (`-af`) arrive as one FlagArgument each. */
export interface FlagArgument extends NodeBase {
  kind: 'Flag';
  name: string;
  /** true for `--long`, false for `-s`. */
  long: boolean;
  /** Set only for `--name=value`. */
  value: Expression | null;
}

export interface RestArguments extends NodeBase {
  kind: 'Rest';
  words: Expression[];
}

// ---------------------------------------------------------------- expressions

export type Expression =
  | StringLiteral
  | TemplateString
  | NumberLiteral
  | SizeLiteral
  | DurationLiteral
  | BooleanLiteral
  | NullLiteral
  | ListLiteral
  | RecordLiteral
  | VariableReference
  | FieldPath
  | BinaryExpression
  | UnaryExpression
  | SubPipeline
  | BlockExpression;

export interface StringLiteral extends NodeBase {
  kind: 'String';
  value: string;
  /** true for an unquoted word (`running`, `busybox:latest`). */
  bare: boolean;
  /**
   * Set on a word glued from bare and quoted parts (`labels."com.docker.x"`):
   * its segments when read as a field path (the checker turns field arguments into FieldPaths).
   */
  path?: PathSegment[];
}

/** A double-quoted string with `$var` / `$var.path` / `$(pipeline)` parts. */
export interface TemplateString extends NodeBase {
  kind: 'Template';
  parts: Array<string | Expression>;
}

export interface NumberLiteral extends NodeBase {
  kind: 'Number';
  value: number;
  /** The source text (`007`, `1.50`), so a number written where a string is expected keeps its spelling. */
  text?: string;
}

/** `10MB`, `1GiB`: value in bytes. */
export interface SizeLiteral extends NodeBase {
  kind: 'Size';
  bytes: number;
  text: string;
}

/** `500ms`, `5s`, `2m`, `1h`: value in milliseconds. */
export interface DurationLiteral extends NodeBase {
  kind: 'Duration';
  milliseconds: number;
  text: string;
}

export interface BooleanLiteral extends NodeBase {
  kind: 'Boolean';
  value: boolean;
}

export interface NullLiteral extends NodeBase {
  kind: 'Null';
}

export interface ListLiteral extends NodeBase {
  kind: 'List';
  items: Expression[];
}

/** `{name: web, replicas: 2}` — only where a record is expected (e.g. `echo {a: 1}`). */
export interface RecordLiteral extends NodeBase {
  kind: 'Record';
  fields: Array<{ key: string; keySpan: Span; value: Expression }>;
}

/** `$name`, `$it.labels.app`, `$env.HOME`. */
export interface VariableReference extends NodeBase {
  kind: 'Variable';
  name: string;
  path: PathSegment[];
}

/** A bare field path in a row condition: `status`, `labels."com.docker.compose.project"`. */
export interface FieldPath extends NodeBase {
  kind: 'FieldPath';
  path: PathSegment[];
}

export interface PathSegment {
  name: string;
  /** true when written quoted (may contain dots). */
  quoted: boolean;
  span: Span;
}

export type BinaryOperator =
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '=~'
  | '!~'
  | 'in'
  | 'not-in'
  | 'starts-with'
  | 'ends-with'
  | 'and'
  | 'or'
  | '+'
  | '-'
  | '*'
  | '/';

export interface BinaryExpression extends NodeBase {
  kind: 'Binary';
  operator: BinaryOperator;
  /** Span of the operator token, for error carets. */
  operatorSpan: Span;
  left: Expression;
  right: Expression;
}

export interface UnaryExpression extends NodeBase {
  kind: 'Unary';
  operator: 'not' | '-';
  operand: Expression;
}

/** `(ps | count)` used as a value. */
export interface SubPipeline extends NodeBase {
  kind: 'SubPipeline';
  pipeline: Pipeline;
}

/** `{ stop $it }` passed to `each`. */
export interface BlockExpression extends NodeBase {
  kind: 'BlockExpression';
  block: Block;
}

export interface Identifier extends NodeBase {
  kind: 'Identifier';
  name: string;
}

export type Node =
  | Program
  | Statement
  | Block
  | Pipeline
  | Command
  | FlagArgument
  | RestArguments
  | Expression
  | Identifier;
