import {
  BULK_FLAGS,
  type CommandSignature,
  type FlagSpec,
  type PipeType,
  RUNTIME_FLAG,
  type SignatureLookup,
} from '../commands/signature.ts';
import type {
  Argument,
  Block,
  Command,
  Expression,
  FlagArgument,
  IfStatement,
  PathSegment,
  Pipeline,
  Program,
  Span,
  Statement,
} from '../language/ast.ts';
import type { Diagnostic } from '../language/diagnostics.ts';
import { isRecordType, lookupField } from '../types/field-lookup.ts';
import type { RecordTypeName } from '../types/record-schemas.ts';
import { argTypeLabel, checkArgValue, literalText } from './arg-values.ts';
import type { BoundCommand, RuntimeCapabilityInfo } from './bound-command.ts';
import { didYouMean } from './suggest.ts';

/** What the checker knows about a variable. */
export interface VariableInfo {
  /**
   * A stream (list) of records of this type, 'any' for values of unknown
   * type, or 'value' for one plain value (`let n = ps | count`).
   */
  type: PipeType | 'value';
}

export interface CheckEnvironment {
  signatures: SignatureLookup;
  /** Configured runtime name → plugin and declared capabilities. */
  runtimes: ReadonlyMap<string, RuntimeCapabilityInfo>;
  /** Used for capability checks of commands without `-r` and outside `use`. */
  defaultRuntime: string | null;
  /** Variables from earlier REPL lines; check() adds the top-level `let`s of this program. */
  variables: Map<string, VariableInfo>;
}

export interface CheckResult {
  diagnostics: Diagnostic[];
  bindings: Map<Command, BoundCommand>;
}

/** Accepted by every command. */
export const HELP_FLAG: FlagSpec = {
  name: 'help',
  short: 'h',
  type: 'switch',
  description: 'show help for this command',
};

/** Variables that always exist. */
const BUILTIN_VARIABLES: ReadonlyMap<string, VariableInfo> = new Map<string, VariableInfo>([
  // $env.NAME: the process environment.
  ['env', { type: 'value' }],
  // $args: the script's arguments (`icr run file.icr a b`).
  ['args', { type: 'any' }],
  // $runtime: the default runtime's name.
  ['runtime', { type: 'value' }],
]);

type ValueType = PipeType | 'value';

interface FlowResult {
  type: PipeType;
  /** The last command yields one value (`count`), so `let` binds the value. */
  single: boolean;
  /** Runtimes named by an upstream `-r` (records carry their runtime downstream). */
  runtimes: string[] | null;
}

/**
 * Statically checks a parsed program against the command signatures and the
 * configured runtimes, and binds every command's arguments to its signature.
 * Reports every problem it finds (in source order) and never throws, even on
 * the partial trees error recovery produces.
 */
export function check(program: Program, env: CheckEnvironment): CheckResult {
  const checker = new Checker(env);
  try {
    checker.program(program);
  } catch (error) {
    // The parser bounds nesting; this only guards against a stack overflow on trees built elsewhere.
    if (!(error instanceof RangeError)) throw error;
    checker.report('check/too-deep', 'this program is nested too deeply to check', program.span);
  }
  const diagnostics = checker.diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { diagnostics, bindings: checker.bindings };
}

class Checker {
  readonly env: CheckEnvironment;
  readonly diagnostics: Diagnostic[] = [];
  readonly bindings = new Map<Command, BoundCommand>();
  private scopes: Array<Map<string, VariableInfo>> = [];
  private runtimeInEffect: string | null = null;
  /** `let x = word`: the lone command, so an unknown name can suggest quoting it. */
  private letWordCommand: Command | null = null;
  private readonly runtimeNames: string[];

  constructor(env: CheckEnvironment) {
    this.env = env;
    this.runtimeNames = [...env.runtimes.keys()];
  }

  report(code: string, message: string, span: Span, hint?: string): void {
    const diagnostic: Diagnostic = { severity: 'error', code, message, span };
    if (hint) diagnostic.hint = hint;
    this.diagnostics.push(diagnostic);
  }

  // ------------------------------------------------------------ scopes

  lookupVariable(name: string): VariableInfo | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const found = this.scopes[i]!.get(name);
      if (found) return found;
    }
    return this.env.variables.get(name) ?? BUILTIN_VARIABLES.get(name);
  }

  visibleVariables(): string[] {
    const names = new Set<string>([...this.env.variables.keys(), ...BUILTIN_VARIABLES.keys()]);
    for (const scope of this.scopes) for (const name of scope.keys()) names.add(name);
    return [...names];
  }

  declare(name: string, info: VariableInfo): void {
    const scope = this.scopes[this.scopes.length - 1];
    if (scope) scope.set(name, info);
    else this.env.variables.set(name, info);
  }

  withScope<T>(variables: Array<[string, VariableInfo]>, body: () => T): T {
    this.scopes.push(new Map(variables));
    const runtime = this.runtimeInEffect;
    try {
      return body();
    } finally {
      this.scopes.pop();
      this.runtimeInEffect = runtime;
    }
  }

  // ------------------------------------------------------------ statements

  program(program: Program): void {
    for (const statement of program?.statements ?? []) this.statement(statement);
  }

  block(block: Block | null | undefined, variables: Array<[string, VariableInfo]> = []): void {
    this.withScope(variables, () => {
      for (const statement of block?.statements ?? []) this.statement(statement);
    });
  }

  statement(statement: Statement | null | undefined): void {
    if (!statement) return;
    switch (statement.kind) {
      case 'PipelineStatement':
        this.pipeline(statement.pipeline);
        return;
      case 'LetStatement': {
        const commands = statement.value?.commands ?? [];
        const lone =
          commands.length === 1 && commands[0]!.args.length === 0 && !commands[0]!.rest ? commands[0]! : null;
        this.letWordCommand = statement.value?.source === null ? lone : null;
        const flow = this.pipeline(statement.value);
        this.letWordCommand = null;
        const onlyValue = statement.value && statement.value.commands.length === 0;
        // One record (`let c = inspect web`) keeps its type so `$c.name` is checked; one plain value is a 'value'.
        const oneValue = (flow.single && !isRecordType(flow.type)) || (onlyValue && flow.type === 'any');
        const type: ValueType = oneValue ? 'value' : flow.type;
        if (statement.name?.name) this.declare(statement.name.name, { type });
        return;
      }
      case 'UseStatement': {
        const name = statement.runtime?.name ?? '';
        if (name && !this.env.runtimes.has(name)) {
          this.report(
            'check/unknown-runtime',
            `unknown runtime '${name}'`,
            statement.runtime.span,
            didYouMean(name, this.runtimeNames) ?? this.configuredRuntimesHint(),
          );
        }
        this.runtimeInEffect = name || null;
        return;
      }
      case 'IfStatement':
        this.ifStatement(statement);
        return;
      case 'ForStatement': {
        const type = this.expression(statement.iterable, null);
        const element: ValueType = type === 'value' || type === 'nothing' ? 'value' : type;
        this.block(statement.body, statement.variable?.name ? [[statement.variable.name, { type: element }]] : []);
        return;
      }
      case 'AssertStatement':
        this.expression(statement.condition, null);
        if (statement.message) this.expression(statement.message, null);
        return;
      case 'ExitStatement':
        if (statement.code) {
          this.expression(statement.code, null);
          const code = statement.code;
          if (code.kind !== 'Number' && literalText(code) !== null) {
            this.report('check/bad-argument', `exit expects an integer code, got '${literalText(code)}'`, code.span);
          } else if (code.kind === 'Number' && (!Number.isInteger(code.value) || code.value < 0 || code.value > 255)) {
            this.report('check/bad-argument', `exit codes are integers from 0 to 255, got ${code.value}`, code.span);
          }
        }
        return;
      case 'TryStatement':
        this.block(statement.body);
        this.block(
          statement.handler,
          statement.errorVariable?.name ? [[statement.errorVariable.name, { type: 'value' }]] : [],
        );
        return;
      default:
        return;
    }
  }

  ifStatement(statement: IfStatement): void {
    this.expression(statement.condition, null);
    this.block(statement.then);
    const otherwise = statement.otherwise;
    if (otherwise?.kind === 'IfStatement') this.ifStatement(otherwise);
    else if (otherwise) this.block(otherwise);
  }

  // ------------------------------------------------------------ pipelines

  pipeline(pipeline: Pipeline | null | undefined): FlowResult {
    let flow: FlowResult = { type: 'nothing', single: false, runtimes: null };
    if (!pipeline) return flow;
    if (pipeline.source) {
      const type = this.expression(pipeline.source, null);
      flow = { type: type === 'value' ? 'any' : type, single: type === 'value', runtimes: null };
    }
    let hasInput = pipeline.source !== null;
    for (const command of pipeline.commands ?? []) {
      flow = this.command(command, flow, hasInput);
      hasInput = true;
    }
    return flow;
  }

  command(command: Command, incoming: FlowResult, hasInput: boolean): FlowResult {
    const name = command.name?.name ?? '';
    const signature = name ? this.env.signatures.get(name) : undefined;
    if (!signature) {
      if (name) {
        this.report(
          'check/unknown-command',
          `unknown command '${name}'`,
          command.name.span,
          (command === this.letWordCommand ? `to store the text, quote it: let … = "${name}"` : undefined) ??
            didYouMean(name, this.env.signatures.keys()) ??
            (/^[\w-]+:./.test(name)
              ? 'a record needs a space after the colon: {key: value}'
              : "type 'help' for the list of commands"),
        );
      }
      // Still look inside for unknown variables and the like.
      for (const argument of command.args ?? []) {
        if (argument.kind === 'Flag') {
          if (argument.value) this.expression(argument.value, null);
        } else this.expression(argument, null);
      }
      for (const word of command.rest?.words ?? []) this.expression(word, null);
      return { type: 'any', single: false, runtimes: incoming.runtimes };
    }

    if (hasInput) this.checkInput(command, signature, incoming.type);
    const rowType = isRecordType(incoming.type) ? incoming.type : null;
    // Reserve the slot first so bindings stay in source order (blocks inside the arguments bind later).
    this.bindings.set(command, null as unknown as BoundCommand);
    const bound = this.bind(command, signature, incoming.type, rowType);
    this.bindings.set(command, bound);
    if (!hasInput) this.checkHasTargets(command, signature, bound);

    const runtimes = this.explicitRuntimes(bound) ?? incoming.runtimes;
    this.checkCapability(command, signature, runtimes);
    return { type: bound.outputType, single: signature.single === true, runtimes };
  }

  /**
   * `stop` alone would act on nothing and succeed silently: a command that
   * takes containers from the pipe or as arguments needs one or the other.
   */
  checkHasTargets(command: Command, signature: CommandSignature, bound: BoundCommand): void {
    if (signature.input !== 'container' || bound.positionals.length > 0 || bound.flags.get(HELP_FLAG.name) === true)
      return;
    const target = signature.positionals.find((spec) => spec.type === 'container');
    if (!target?.optional) return;
    this.report(
      'check/missing-argument',
      `'${signature.name}' needs containers: names or ids, or container records piped in`,
      command.name.span,
      `e.g. ${signature.name} web, or ps -a | where status == exited | ${signature.name}`,
    );
  }

  checkInput(command: Command, signature: CommandSignature, incoming: PipeType): void {
    if (signature.input === 'nothing' && incoming !== 'nothing') {
      this.report(
        'check/unexpected-input',
        `'${signature.name}' does not read from the pipe`,
        command.name.span,
        `start a new statement (newline or ;) before '${signature.name}'`,
      );
      return;
    }
    if (!isRecordType(signature.input) || !isRecordType(incoming) || signature.input === incoming) return;
    // Results of bulk actions name the containers they acted on.
    if (signature.input === 'container' && incoming === 'result') return;
    const producers: Record<string, string> = { container: 'ps', image: 'images', pod: 'pods' };
    const producer = producers[signature.input];
    this.report(
      'check/input-type',
      `'${signature.name}' expects ${signature.input} records but gets ${incoming} records`,
      command.name.span,
      producer ? `'${signature.name}' works on the output of '${producer}'` : undefined,
    );
  }

  /** The runtime names a command's own `-r` gives, `['all']`, or null without a literal `-r`. */
  explicitRuntimes(bound: BoundCommand): string[] | null {
    const value = bound.flags.get('runtime');
    if (!value || value === true || Array.isArray(value)) return null;
    const text = literalText(value);
    if (text === null) return ['all'];
    return text.split(',').filter((name) => name.length > 0);
  }

  checkCapability(command: Command, signature: CommandSignature, fromFlags: string[] | null): void {
    if (!signature.verb) return;
    let runtimes = fromFlags;
    if (!runtimes) {
      const implicit = this.runtimeInEffect ?? this.env.defaultRuntime;
      runtimes = implicit ? [implicit] : [];
    }
    if (runtimes.includes('all')) return;
    for (const name of runtimes) {
      const info = this.env.runtimes.get(name);
      if (!info || info.capabilities.includes(signature.verb)) continue;
      const able = this.runtimeNames.filter((other) =>
        this.env.runtimes.get(other)?.capabilities.includes(signature.verb!),
      );
      this.report(
        'check/unsupported',
        `runtime '${name}' (plugin ${info.plugin}) does not support '${signature.verb}'`,
        command.name.span,
        able.length > 0 ? `runtimes that can: ${able.join(', ')} (use -r <name>)` : 'no configured runtime supports it',
      );
    }
  }

  configuredRuntimesHint(): string {
    return this.runtimeNames.length > 0
      ? `configured runtimes: ${this.runtimeNames.join(', ')}`
      : 'no runtimes are configured';
  }

  // ------------------------------------------------------------ binding

  bind(
    command: Command,
    signature: CommandSignature,
    incoming: PipeType,
    rowType: RecordTypeName | null,
  ): BoundCommand {
    const specs: FlagSpec[] = [...signature.flags];
    if (signature.usesRuntime && !specs.some((spec) => spec.name === RUNTIME_FLAG.name)) specs.push(RUNTIME_FLAG);
    if (signature.bulk)
      for (const flag of BULK_FLAGS) if (!specs.some((spec) => spec.name === flag.name)) specs.push(flag);
    // Every command answers --help (the interpreter prints its help instead of running it).
    if (!specs.some((spec) => spec.name === HELP_FLAG.name)) {
      specs.push(specs.some((spec) => spec.short === 'h') ? { ...HELP_FLAG, short: undefined } : HELP_FLAG);
    }
    const byLong = new Map(specs.map((spec) => [spec.name, spec]));
    const byShort = new Map(specs.filter((spec) => spec.short).map((spec) => [spec.short!, spec]));

    const flags = new Map<string, true | Expression | Expression[]>();
    const positionalArgs: Expression[] = [];
    const args = this.longFlagsWithOneDash(command.args ?? [], signature, byLong, byShort);
    for (let i = 0; i < args.length; i++) {
      const argument = args[i]!;
      if (argument.kind !== 'Flag') {
        positionalArgs.push(argument);
        continue;
      }
      const spec = argument.long ? byLong.get(argument.name) : byShort.get(argument.name);
      if (!spec) {
        this.unknownFlag(argument, signature, specs);
        if (argument.value) this.expression(argument.value, null);
        continue;
      }
      const shown = argument.long ? `--${argument.name}` : `-${argument.name}`;
      if (spec.type === 'switch') {
        if (argument.value) {
          this.report(
            'check/bad-argument',
            `${shown} is a switch and takes no value`,
            argument.value.span,
            `write just ${shown}`,
          );
        }
        flags.set(spec.name, true);
        continue;
      }
      let value = argument.value;
      if (!value) {
        const next = args[i + 1];
        if (next && next.kind !== 'Flag') {
          value = next;
          i++;
        } else {
          this.report('check/missing-flag-value', `${shown} needs a value: ${argTypeLabel(spec.type)}`, argument.span);
          continue;
        }
      }
      const checked = this.argument(value, spec.type, `${shown}`, incoming, rowType);
      if (spec.repeatable) {
        const list = flags.get(spec.name);
        if (Array.isArray(list)) list.push(checked);
        else flags.set(spec.name, [checked]);
      } else {
        if (flags.has(spec.name))
          this.report('check/duplicate-flag', `--${spec.name} is given more than once`, argument.span);
        flags.set(spec.name, checked);
      }
    }

    const positionals: Expression[] = [];
    let next = 0;
    const wantsHelp = flags.get(HELP_FLAG.name) === true;
    for (const spec of signature.positionals) {
      if (spec.variadic) {
        if (next >= positionalArgs.length && !spec.optional && !wantsHelp)
          this.missingPositional(command, signature, spec.name, spec.type);
        while (next < positionalArgs.length)
          positionals.push(this.argument(positionalArgs[next++]!, spec.type, `'${signature.name}'`, incoming, rowType));
      } else if (next < positionalArgs.length) {
        positionals.push(this.argument(positionalArgs[next++]!, spec.type, `'${signature.name}'`, incoming, rowType));
      } else if (!spec.optional && !wantsHelp) {
        this.missingPositional(command, signature, spec.name, spec.type);
      }
    }
    if (next < positionalArgs.length) {
      const extra = positionalArgs.slice(next);
      for (const expression of extra) this.expression(expression, null);
      const first = extra[0]!;
      const last = extra[extra.length - 1]!;
      const most = signature.positionals.length;
      this.report(
        'check/too-many-arguments',
        most === 0
          ? `'${signature.name}' takes no arguments`
          : `'${signature.name}' takes at most ${most} argument${most === 1 ? '' : 's'} (${signature.positionals.map((p) => p.name).join(', ')})`,
        { start: first.span.start, end: last.span.end },
        signature.rest ? `put the ${signature.rest.name} after --` : 'quote a value that contains spaces',
      );
    }

    let rest: Expression[] | null = null;
    if (command.rest) {
      for (const word of command.rest.words) this.expression(word, null);
      if (!signature.rest) {
        this.report('check/unexpected-rest', `'${signature.name}' takes no words after --`, command.rest.span);
      } else rest = command.rest.words;
    } else if (signature.rest?.required && !wantsHelp) {
      this.report(
        'check/missing-argument',
        `'${signature.name}' needs ${signature.rest.name} after --`,
        command.span,
        `e.g. ${signature.name} ... -- ${signature.rest.name}`,
      );
    }

    const outputType: PipeType =
      signature.output === 'same' ? (incoming === 'nothing' ? 'any' : incoming) : signature.output;
    return { node: command, signature, flags, positionals, rest, inputType: incoming, outputType };
  }

  /**
   * `-name web` arrives as the short flags n, a, m, e. When those letters are
   * not all short flags of the command but spell one of its long flags,
   * report that once and bind it as the long flag.
   */
  longFlagsWithOneDash(
    args: readonly Argument[],
    signature: CommandSignature,
    byLong: ReadonlyMap<string, FlagSpec>,
    byShort: ReadonlyMap<string, FlagSpec>,
  ): Argument[] {
    const out: Argument[] = [];
    for (let i = 0; i < args.length; i++) {
      const first = args[i]!;
      if (first.kind !== 'Flag' || first.long) {
        out.push(first);
        continue;
      }
      let end = i + 1;
      while (end < args.length) {
        const next = args[end]!;
        const previous = args[end - 1]!;
        if (next.kind !== 'Flag' || next.long || next.span.start.offset !== previous.span.end.offset) break;
        end++;
      }
      const group = args.slice(i, end) as FlagArgument[];
      const word = group.map((flag) => flag.name).join('');
      const spec = byLong.get(word);
      if (group.length > 1 && spec && group.some((flag) => !byShort.has(flag.name))) {
        const span = { start: first.span.start, end: group[group.length - 1]!.span.end };
        this.report(
          'check/unknown-flag',
          `unknown flag -${word} for '${signature.name}'`,
          span,
          `did you mean --${word}?`,
        );
        out.push({ kind: 'Flag', name: word, long: true, value: null, span });
        i = end - 1;
        continue;
      }
      out.push(first);
    }
    return out;
  }

  unknownFlag(argument: FlagArgument, signature: CommandSignature, specs: readonly FlagSpec[]): void {
    const shown = argument.long ? `--${argument.name}` : `-${argument.name}`;
    let hint: string | undefined;
    if (argument.long) {
      hint = didYouMean(
        argument.name,
        specs.map((spec) => spec.name),
        (name) => `--${name}`,
      );
    } else {
      // One letter is too short to guess a typo from; only a long name written with one dash is a sure hint.
      const longNamed = specs.find((spec) => spec.name === argument.name);
      if (longNamed) hint = `did you mean --${longNamed.name}?`;
    }
    hint ??=
      specs.length === 0
        ? `'${signature.name}' takes no flags`
        : `'${signature.name}' takes ${specs.map((spec) => (spec.short ? `-${spec.short}/--${spec.name}` : `--${spec.name}`)).join(', ')}`;
    this.report('check/unknown-flag', `unknown flag ${shown} for '${signature.name}'`, argument.span, hint);
  }

  missingPositional(
    command: Command,
    signature: CommandSignature,
    name: string,
    type: CommandSignature['positionals'][number]['type'],
  ): void {
    this.report(
      'check/missing-argument',
      `'${signature.name}' needs ${name === 'condition' ? 'a condition' : `the ${name}`} (${argTypeLabel(type)})`,
      command.name.span,
      signature.examples[0] ? `e.g. ${signature.examples[0]}` : undefined,
    );
  }

  /** Checks one bound argument; returns the expression to bind (coerced literals, FieldPaths). */
  argument(
    value: Expression,
    type: CommandSignature['positionals'][number]['type'],
    what: string,
    incoming: PipeType,
    rowType: RecordTypeName | null,
  ): Expression {
    if (type === 'condition') {
      this.withScope([['it', { type: rowType ?? 'any' }]], () => this.expression(value, rowType ?? 'unknown'));
      return value;
    }
    if (type === 'block' && value.kind === 'BlockExpression') {
      this.block(value.block, [['it', { type: incoming === 'nothing' ? 'any' : incoming }]]);
      return value;
    }
    const checked = checkArgValue(value, type, what, this.runtimeNames);
    if (checked.problem) this.report(checked.problem.code, checked.problem.message, value.span, checked.problem.hint);
    else if (type === 'field' && checked.value.kind === 'FieldPath' && rowType)
      this.fieldPath(checked.value.path, rowType, checked.value.span);
    if (checked.value.kind !== 'FieldPath') this.expression(value, null);
    return checked.value;
  }

  // ------------------------------------------------------------ expressions

  /**
   * Checks an expression; `row` is the record type bare field paths read
   * (in a `where` condition), 'unknown' when the row type is not known, null outside conditions.
   */
  expression(expression: Expression | null | undefined, row: RecordTypeName | 'unknown' | null): ValueType {
    if (!expression) return 'value';
    switch (expression.kind) {
      case 'Variable': {
        const info = this.lookupVariable(expression.name);
        if (!expression.name) return 'value';
        if (!info) {
          this.report(
            'check/unknown-variable',
            `unknown variable $${expression.name}`,
            expression.span,
            didYouMean(expression.name, this.visibleVariables(), (name) => `$${name}`) ??
              `define it first: let ${expression.name} = ...`,
          );
          return 'value';
        }
        if (expression.path.length === 0) return info.type;
        if (isRecordType(info.type)) this.fieldPath(expression.path, info.type, expression.span);
        return 'value';
      }
      case 'FieldPath':
        if (row && row !== 'unknown') this.fieldPath(expression.path, row, expression.span);
        return 'value';
      case 'Binary':
        this.expression(expression.left, row);
        this.expression(expression.right, row);
        this.checkRegex(expression);
        if (row === null) this.checkBareLeftOperand(expression);
        return 'value';
      case 'Unary':
        this.expression(expression.operand, row);
        return 'value';
      case 'Template':
        for (const part of expression.parts ?? []) if (typeof part !== 'string') this.expression(part, row);
        return 'value';
      case 'List':
        for (const item of expression.items ?? []) this.expression(item, row);
        return 'any';
      case 'Record':
        for (const field of expression.fields ?? []) this.expression(field.value, row);
        return 'value';
      case 'SubPipeline': {
        const flow = this.pipeline(expression.pipeline);
        return flow.single ? 'value' : flow.type;
      }
      case 'BlockExpression':
        this.block(expression.block);
        return 'value';
      default:
        return 'value';
    }
  }

  /**
   * Outside `where`, `status == running` compares two texts. Inside an `each`
   * block that is almost always meant as `$it.status == running`: warn.
   */
  checkBareLeftOperand(expression: Expression & { kind: 'Binary' }): void {
    if (['and', 'or', '+', '-', '*', '/'].includes(expression.operator)) return;
    const left = expression.left;
    if (left.kind !== 'String' || !left.bare || !/^[A-Za-z_][\w.-]*$/.test(left.value)) return;
    const it = this.lookupVariable('it');
    if (!it) return;
    const diagnostic: Diagnostic = {
      severity: 'warning',
      code: 'check/bare-word',
      message: `'${left.value}' is just the text "${left.value}" here, not a field`,
      span: left.span,
      hint: `to compare a field of the current record write $it.${left.value}`,
    };
    this.diagnostics.push(diagnostic);
  }

  checkRegex(expression: Expression & { kind: 'Binary' }): void {
    if (expression.operator !== '=~' && expression.operator !== '!~') return;
    const pattern = expression.right;
    if (pattern.kind !== 'String') return;
    try {
      new RegExp(pattern.value);
    } catch (error) {
      this.report(
        'check/bad-regex',
        `invalid regular expression: ${(error as Error).message}`,
        pattern.span,
        "single quotes keep backslashes as they are: '\\d+'",
      );
    }
  }

  fieldPath(path: readonly PathSegment[], record: RecordTypeName, span: Span): void {
    if (path.length === 0) return;
    const found = lookupField(
      record,
      path.map((segment) => segment.name),
    );
    if (found.ok) return;
    const segment = path[found.index] ?? path[path.length - 1]!;
    const where =
      found.index === 0
        ? `${record} records`
        : `'${path
            .slice(0, found.index)
            .map((s) => s.name)
            .join('.')}'`;
    if (found.reason === 'unknown') {
      this.report(
        'check/unknown-field',
        `${where} have no field '${segment.name}'`,
        segment.span ?? span,
        didYouMean(segment.name, found.known) ?? `fields: ${found.known.join(', ')}`,
      );
    } else {
      this.report(
        'check/unknown-field',
        `${where} is a ${String(found.parentType)} and has no field '${segment.name}'`,
        segment.span ?? span,
      );
    }
  }
}
