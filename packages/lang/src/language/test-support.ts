import type { Command, Expression, Program, Statement } from './ast.ts';
import { parse } from './parser.ts';

/** Test helpers: parse and strip positions so trees compare by shape. */

export function withoutSpans<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (key, inner) =>
      key === 'span' || key === 'keySpan' || key === 'operatorSpan' ? undefined : inner,
    ),
  ) as T;
}

/** Parses source that must be valid; throws with the diagnostics otherwise. */
export function parseOk(source: string): Program {
  const result = parse(source);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    throw new Error(`unexpected diagnostics for ${JSON.stringify(source)}: ${errors.map((d) => d.message).join('; ')}`);
  return result.program;
}

export function onlyStatement(source: string): Statement {
  const program = parseOk(source);
  if (program.statements.length !== 1) throw new Error(`expected one statement, got ${program.statements.length}`);
  return program.statements[0]!;
}

export function commandsOf(source: string): Command[] {
  const statement = onlyStatement(source);
  if (statement.kind !== 'PipelineStatement') throw new Error(`expected a pipeline, got ${statement.kind}`);
  return statement.pipeline.commands;
}

/** The arguments of the single command in `source`, without spans. */
export function argsOf(source: string): unknown[] {
  const [command] = commandsOf(source);
  return withoutSpans(command!.args);
}

/** The condition of `where ...`. */
export function conditionOf(condition: string): Expression {
  const [command] = commandsOf(`where ${condition}`);
  return withoutSpans(command!.args[0] as Expression);
}
