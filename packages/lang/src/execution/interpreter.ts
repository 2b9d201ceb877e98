import type { ContainerFilters } from '@icr/core';
import { cancelled, IcrError, invalidArgument } from '@icr/core';
import type { BoundCommand } from '../checker/bound-command.ts';
import type { CommandContext, CommandModule } from '../commands/command.ts';
import type { BinaryExpression, Block, Command, Expression, Pipeline, Program, Statement } from '../language/ast.ts';
import { AssertionFailure, ExitRequest, errorRecord, locateError } from './control.ts';
import { containerPushdown } from './pushdown.ts';
import { Scope } from './scope.ts';
import type { Session } from './session.ts';
import { collect, fromValue, isAsyncIterable } from './streams.ts';
import { compareValues, contains, getPath, isTruthy, matchesRegex, toText, typeName, valuesEqual } from './values.ts';

/** Receives the output of each statement-level pipeline (the CLI renders it). */
export type OutputSink = (stream: AsyncIterable<unknown>, pipeline: Pipeline) => Promise<void>;

export interface InterpreterOptions {
  session: Session;
  commands: ReadonlyMap<string, CommandModule>;
  /** From the checker: every command of the program, bound to its signature. */
  bindings: ReadonlyMap<Command, BoundCommand>;
}

/** Sentinel for "no row": bare field paths then read as plain words. */
const NO_ROW = Symbol('no-row');

/**
 * Runs a checked program. Pipelines are async streams: each command pulls
 * from the one before it, so `ps | first` stops listing early and Ctrl-C
 * (the signal) reaches whichever plugin call is in flight.
 */
export class Interpreter {
  readonly session: Session;
  private readonly commands: ReadonlyMap<string, CommandModule>;
  private bindings: ReadonlyMap<Command, BoundCommand>;

  constructor(options: InterpreterOptions) {
    this.session = options.session;
    this.commands = options.commands;
    this.bindings = options.bindings;
  }

  /** The REPL checks each entry separately and adds its bindings here. */
  setBindings(bindings: ReadonlyMap<Command, BoundCommand>): void {
    this.bindings = bindings;
  }

  async runProgram(program: Program, scope: Scope, signal: AbortSignal, sink: OutputSink): Promise<void> {
    await this.runStatements(program.statements, scope, signal, sink);
  }

  async runStatements(
    statements: readonly Statement[],
    scope: Scope,
    signal: AbortSignal,
    sink: OutputSink,
  ): Promise<void> {
    for (const statement of statements) {
      if (signal.aborted) throw cancelled();
      await this.runStatement(statement, scope, signal, sink);
    }
  }

  /** A `use` inside a block lasts to the end of the block, as the checker assumes. */
  private async runBlockStatements(
    statements: readonly Statement[],
    scope: Scope,
    signal: AbortSignal,
    sink: OutputSink,
  ): Promise<void> {
    const runtime = this.session.defaultRuntime;
    try {
      await this.runStatements(statements, scope, signal, sink);
    } finally {
      this.session.defaultRuntime = runtime;
    }
  }

  private async runStatement(statement: Statement, scope: Scope, signal: AbortSignal, sink: OutputSink): Promise<void> {
    try {
      await this.runStatementInner(statement, scope, signal, sink);
    } catch (error) {
      // Errors from commands carry the command's place already; others get the statement's.
      if (!(error instanceof ExitRequest)) locateError(error, statement.span);
      throw error;
    }
  }

  private async runStatementInner(
    statement: Statement,
    scope: Scope,
    signal: AbortSignal,
    sink: OutputSink,
  ): Promise<void> {
    switch (statement.kind) {
      case 'PipelineStatement':
        await sink(this.runPipeline(statement.pipeline, scope, signal), statement.pipeline);
        return;
      case 'LetStatement':
        scope.define(statement.name.name, await this.pipelineValue(statement.value, scope, signal));
        return;
      case 'UseStatement': {
        const name = statement.runtime.name;
        this.session.registry.get(name);
        this.session.defaultRuntime = name;
        return;
      }
      case 'IfStatement': {
        const condition = await this.evaluate(statement.condition, scope, signal);
        if (isTruthy(condition)) await this.runBlockStatements(statement.then.statements, scope.child(), signal, sink);
        else if (statement.otherwise?.kind === 'Block') {
          await this.runBlockStatements(statement.otherwise.statements, scope.child(), signal, sink);
        } else if (statement.otherwise) await this.runStatement(statement.otherwise, scope, signal, sink);
        return;
      }
      case 'ForStatement': {
        const iterable = await this.evaluate(statement.iterable, scope, signal);
        for await (const item of fromValue(iterable)) {
          if (signal.aborted) throw cancelled();
          const inner = scope.child();
          inner.define(statement.variable.name, item);
          await this.runBlockStatements(statement.body.statements, inner, signal, sink);
        }
        return;
      }
      case 'AssertStatement': {
        const { holds, shown } = await this.assertCondition(statement.condition, scope, signal);
        if (!holds) {
          const what = `assertion failed: ${shown}`;
          const message = statement.message
            ? `${toText(await this.evaluate(statement.message, scope, signal))} (${what})`
            : what;
          throw new AssertionFailure(message, statement.span);
        }
        return;
      }
      case 'ExitStatement': {
        const code = statement.code ? Number(await this.evaluate(statement.code, scope, signal)) : 0;
        throw new ExitRequest(Number.isInteger(code) ? code : 1);
      }
      case 'TryStatement': {
        try {
          await this.runBlockStatements(statement.body.statements, scope.child(), signal, sink);
        } catch (error) {
          // exit and Ctrl-C are not errors a script can swallow.
          if (error instanceof ExitRequest || signal.aborted) throw error;
          const handlerScope = scope.child();
          if (statement.errorVariable) handlerScope.define(statement.errorVariable.name, errorRecord(error));
          await this.runBlockStatements(statement.handler.statements, handlerScope, signal, sink);
        }
        return;
      }
      default: {
        const unknown: never = statement;
        throw invalidArgument(`cannot run a ${(unknown as { kind: string }).kind} statement`);
      }
    }
  }

  /** A pipeline as a stream of values. */
  async *runPipeline(pipeline: Pipeline, scope: Scope, signal: AbortSignal): AsyncIterable<unknown> {
    let stream: AsyncIterable<unknown> | null = null;
    if (pipeline.source) stream = fromValue(await this.evaluate(pipeline.source, scope, signal));
    pipeline.commands.forEach((command, index) => {
      const next = pipeline.commands[index + 1];
      const hints =
        command.name.name === 'ps'
          ? containerPushdown(next, next ? this.bindings.get(next)?.positionals[0] : undefined)
          : null;
      stream = this.runCommand(command, stream, scope, signal, hints);
    });
    if (stream) yield* stream;
  }

  /**
   * A pipeline as one value (`let`, `(...)`): a list, or the value itself when
   * the pipeline ends in a command that yields one value (`count`, `first`).
   */
  async pipelineValue(pipeline: Pipeline, scope: Scope, signal: AbortSignal): Promise<unknown> {
    if (pipeline.commands.length === 0 && pipeline.source) {
      const value = await this.evaluate(pipeline.source, scope, signal);
      return isAsyncIterable(value) ? collect(value) : value;
    }
    const items = await collect(this.runPipeline(pipeline, scope, signal));
    // Single-valued commands unwrap their one item; `-r all` giving several keeps the list.
    return this.isSingleValued(pipeline) && items.length <= 1 ? (items[0] ?? null) : items;
  }

  private isSingleValued(pipeline: Pipeline): boolean {
    let single = pipeline.source !== null && pipeline.source.kind !== 'List';
    for (const command of pipeline.commands) {
      const bound = this.bindings.get(command);
      const name = command.name.name;
      if (bound?.signature.single) single = true;
      else if ((name === 'first' || name === 'last') && (bound?.positionals.length ?? 0) === 0) single = true;
      else if (['get', 'select', 'reject', 'each', 'where'].includes(name)) {
        // keeps whatever shape came in
      } else single = false;
    }
    return single;
  }

  private runCommand(
    command: Command,
    input: AsyncIterable<unknown> | null,
    scope: Scope,
    signal: AbortSignal,
    pushdown: ContainerFilters | null = null,
  ): AsyncIterable<unknown> {
    const bound = this.bindings.get(command);
    const module = this.commands.get(command.name.name);
    if (!bound || !module) {
      throw new IcrError('invalid-argument', `unknown command "${command.name.name}"`, {
        hint: 'run "help" to list the commands',
      });
    }
    return located(module.run({ ...this.commandContext(bound, input, scope, signal), pushdown }), command);
  }

  private commandContext(
    bound: BoundCommand,
    input: AsyncIterable<unknown> | null,
    scope: Scope,
    signal: AbortSignal,
  ): CommandContext {
    const evaluate = (expression: Expression, row: unknown = NO_ROW, inScope: Scope = scope) =>
      this.evaluate(expression, inScope, signal, row);
    const flagSpec = (name: string) => bound.signature.flags.find((flag) => flag.name === name);
    return {
      bound,
      input,
      pushdown: null,
      session: this.session,
      scope,
      signal,
      has: (name) => bound.flags.has(name),
      flag: async (name) => {
        const given = bound.flags.get(name);
        if (given === undefined) {
          const spec = flagSpec(name);
          return spec?.type === 'switch' ? false : (spec?.default ?? null);
        }
        if (given === true) return true;
        if (Array.isArray(given)) {
          const last = given.at(-1);
          return last ? evaluate(last) : null;
        }
        return evaluate(given);
      },
      flagList: async (name) => {
        const given = bound.flags.get(name);
        if (given === undefined || given === true) return [];
        const expressions = Array.isArray(given) ? given : [given];
        const values: unknown[] = [];
        for (const expression of expressions) values.push(await evaluate(expression));
        return values;
      },
      positionals: async () => {
        const values: unknown[] = [];
        for (const expression of bound.positionals) values.push(await evaluate(expression));
        return values;
      },
      rest: async () => {
        if (!bound.rest) return null;
        const words: string[] = [];
        for (const expression of bound.rest) words.push(toText(await evaluate(expression)));
        return words;
      },
      evaluate,
      runBlock: (block, blockScope) => this.runBlock(block, blockScope, signal),
      warn: (message) => {
        this.session.io.stderr.write(`warning: ${message}\n`);
      },
    };
  }

  /** A block's statements as one stream (used by `each`). */
  async *runBlock(block: Block, scope: Scope, signal: AbortSignal): AsyncIterable<unknown> {
    const produced: unknown[] = [];
    await this.runBlockStatements(block.statements, scope, signal, async (stream) => {
      for await (const item of stream) produced.push(item);
    });
    yield* produced;
  }

  async evaluate(expression: Expression, scope: Scope, signal: AbortSignal, row: unknown = NO_ROW): Promise<unknown> {
    switch (expression.kind) {
      case 'String':
        return expression.value;
      case 'Template': {
        let text = '';
        for (const part of expression.parts) {
          text += typeof part === 'string' ? part : toText(await this.evaluate(part, scope, signal, row));
        }
        return text;
      }
      case 'Number':
        return expression.value;
      case 'Size':
        return expression.bytes;
      case 'Duration':
        return expression.milliseconds;
      case 'Boolean':
        return expression.value;
      case 'Null':
        return null;
      case 'List': {
        const items: unknown[] = [];
        for (const item of expression.items) items.push(await this.evaluate(item, scope, signal, row));
        return items;
      }
      case 'Record': {
        const record: Record<string, unknown> = {};
        for (const field of expression.fields) record[field.key] = await this.evaluate(field.value, scope, signal, row);
        return record;
      }
      case 'Variable':
        return getPath(
          this.variable(expression.name, scope),
          expression.path.map((segment) => segment.name),
        );
      case 'FieldPath': {
        const names = expression.path.map((segment) => segment.name);
        if (row === NO_ROW) return names.join('.');
        return getPath(row, names);
      }
      case 'Unary': {
        const operand = await this.evaluate(expression.operand, scope, signal, row);
        if (expression.operator === 'not') return !isTruthy(operand);
        if (typeof operand !== 'number') throw invalidArgument(`cannot negate a ${typeName(operand)}`);
        return -operand;
      }
      case 'Binary':
        return this.evaluateBinary(expression, scope, signal, row);
      case 'SubPipeline':
        return this.pipelineValue(expression.pipeline, scope, signal);
      case 'BlockExpression':
        return expression.block;
      default: {
        const unknown: never = expression;
        throw invalidArgument(`cannot evaluate ${(unknown as { kind: string }).kind}`);
      }
    }
  }

  private variable(name: string, scope: Scope): unknown {
    if (scope.has(name)) return scope.get(name);
    if (name === 'env') return { ...this.session.env };
    if (name === 'args') return [...this.session.args];
    if (name === 'runtime') return this.session.defaultRuntime;
    throw invalidArgument(`unknown variable $${name}`, { hint: 'define it with let, e.g. let name = value' });
  }

  /**
   * Evaluates an assert's condition once and says what it saw, so a failure
   * shows the values (`"running" == "exited" is false`), not just the source.
   */
  private async assertCondition(
    condition: Expression,
    scope: Scope,
    signal: AbortSignal,
  ): Promise<{ holds: boolean; shown: string }> {
    if (condition.kind === 'Binary' && condition.operator !== 'and' && condition.operator !== 'or') {
      const left = await this.evaluate(condition.left, scope, signal);
      const right = await this.evaluate(condition.right, scope, signal);
      const result = this.applyBinary(condition, left, right);
      const shown = `${showOperand(condition.left, left)} ${condition.operator} ${showOperand(condition.right, right)} is ${showValue(result)}`;
      return { holds: isTruthy(result), shown };
    }
    const value = await this.evaluate(condition, scope, signal);
    const source = describeSource(condition);
    const literal = ['Boolean', 'Null', 'Number', 'String'].includes(condition.kind);
    return { holds: isTruthy(value), shown: literal ? source : `${source} is ${showValue(value)}` };
  }

  private async evaluateBinary(
    expression: BinaryExpression,
    scope: Scope,
    signal: AbortSignal,
    row: unknown,
  ): Promise<unknown> {
    const { operator } = expression;
    const left = await this.evaluate(expression.left, scope, signal, row);
    if (operator === 'and')
      return isTruthy(left) && isTruthy(await this.evaluate(expression.right, scope, signal, row));
    if (operator === 'or') return isTruthy(left) || isTruthy(await this.evaluate(expression.right, scope, signal, row));
    const right = await this.evaluate(expression.right, scope, signal, row);
    return this.applyBinary(expression, left, right);
  }

  private applyBinary(expression: BinaryExpression, left: unknown, right: unknown): unknown {
    const { operator } = expression;
    if (operator === 'and') return isTruthy(left) && isTruthy(right);
    if (operator === 'or') return isTruthy(left) || isTruthy(right);
    const duration = expression.right.kind === 'Duration';
    switch (operator) {
      case '==':
        return valuesEqual(left, right, duration);
      case '!=':
        return !valuesEqual(left, right, duration);
      case '<': {
        const order = compareValues(left, right, duration);
        return order !== null && order < 0;
      }
      case '<=': {
        const order = compareValues(left, right, duration);
        return order !== null && order <= 0;
      }
      case '>': {
        const order = compareValues(left, right, duration);
        return order !== null && order > 0;
      }
      case '>=': {
        const order = compareValues(left, right, duration);
        return order !== null && order >= 0;
      }
      case '=~':
        return matchesRegex(left, right);
      case '!~':
        return !matchesRegex(left, right);
      case 'in':
        return contains(right, left);
      case 'not-in':
        return !contains(right, left);
      case 'starts-with':
        return left !== null && toText(left).startsWith(toText(right));
      case 'ends-with':
        return left !== null && toText(left).endsWith(toText(right));
      case '+':
        if (typeof left === 'number' && typeof right === 'number') return left + right;
        if (Array.isArray(left)) return [...left, ...(Array.isArray(right) ? right : [right])];
        if (left instanceof Date && typeof right === 'number') return new Date(left.getTime() + right);
        return toText(left) + toText(right);
      case '-':
      case '*':
      case '/': {
        if (left instanceof Date && typeof right === 'number' && operator === '-')
          return new Date(left.getTime() - right);
        if (left instanceof Date && right instanceof Date && operator === '-') return left.getTime() - right.getTime();
        if (typeof left !== 'number' || typeof right !== 'number') {
          throw pinned(
            invalidArgument(`cannot apply ${operator} to ${typeName(left)} and ${typeName(right)}`, {
              hint: `${operator} works on numbers (and - on dates); + also joins text and lists`,
            }),
            expression,
          );
        }
        if (operator === '-') return left - right;
        if (operator === '*') return left * right;
        if (right === 0) throw pinned(invalidArgument('division by zero'), expression);
        return left / right;
      }
      default:
        throw invalidArgument(`unknown operator ${operator as string}`);
    }
  }
}

/** An error pinned to the expression that caused it (so the caret points there, not at the statement). */
function pinned(error: IcrError, expression: Expression): IcrError {
  locateError(error, expression.span);
  return error;
}

/** Tags whatever a command's stream throws with the command's place in the source. */
async function* located(stream: AsyncIterable<unknown>, command: Command): AsyncIterable<unknown> {
  try {
    yield* stream;
  } catch (error) {
    locateError(error, command.span);
    throw error;
  }
}

/** `1h` reads better than 3600000: size and duration literals are shown as written. */
function showOperand(expression: Expression, value: unknown): string {
  return expression.kind === 'Duration' || expression.kind === 'Size' ? expression.text : showValue(value);
}

/** A value as an assertion message shows it: strings quoted, long lists and records cut short. */
function showValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A short description of an expression for assertion messages. */
function describeSource(expression: Expression): string {
  switch (expression.kind) {
    case 'Binary':
      return `${describeSource(expression.left)} ${expression.operator} ${describeSource(expression.right)}`;
    case 'Variable':
      return `$${[expression.name, ...expression.path.map((segment) => segment.name)].join('.')}`;
    case 'FieldPath':
      return expression.path.map((segment) => segment.name).join('.');
    case 'String':
      return expression.bare ? expression.value : JSON.stringify(expression.value);
    case 'Number':
      return String(expression.value);
    case 'Size':
    case 'Duration':
      return expression.text;
    case 'Boolean':
      return String(expression.value);
    case 'Null':
      return 'null';
    case 'SubPipeline':
      return '(...)';
    case 'Unary':
      return `${expression.operator} ${describeSource(expression.operand)}`;
    default:
      return expression.kind.toLowerCase();
  }
}

export { Scope };
