import type { BoundCommand, RuntimeCapabilityInfo } from '../checker/bound-command.ts';
import type { VariableInfo } from '../checker/check.ts';
import type { CommandModule } from '../commands/command.ts';
import { builtinCommands, builtinSignatures } from '../commands/registry.ts';
import type { SignatureLookup } from '../commands/signature.ts';
import type { Command, Pipeline, Program } from '../language/ast.ts';
import type { Diagnostic } from '../language/diagnostics.ts';
import { renderStream } from '../output/sink.ts';
import { type FrontEnd, loadFrontEnd } from './front-end.ts';
import { Interpreter, type OutputSink } from './interpreter.ts';
import { Scope } from './scope.ts';
import type { Session } from './session.ts';

export type Compiled =
  | {
      ok: true;
      program: Program;
      bindings: Map<Command, BoundCommand>;
      warnings: Diagnostic[];
      /** What the checker knows of the variables once this program ran (its top-level lets added). */
      variables: Map<string, VariableInfo>;
    }
  | { ok: false; diagnostics: Diagnostic[]; incomplete: boolean };

/**
 * Parse → check → run, with one global scope that lives as long as the
 * engine (so REPL entries see earlier `let`s). Nothing runs unless the whole
 * source checked clean.
 */
export class Engine {
  readonly session: Session;
  readonly scope = new Scope();
  readonly signatures: SignatureLookup;
  readonly commands: ReadonlyMap<string, CommandModule>;
  private readonly interpreter: Interpreter;
  /** Variables the checker knows about, kept between REPL entries. `$args` always exists. */
  private variables = new Map<string, VariableInfo>([['args', { type: 'any' }]]);

  constructor(session: Session) {
    this.session = session;
    this.signatures = builtinSignatures();
    this.commands = builtinCommands();
    this.interpreter = new Interpreter({ session, commands: this.commands, bindings: new Map() });
  }

  frontEnd(): Promise<FrontEnd> {
    return loadFrontEnd();
  }

  runtimeCapabilities(): Map<string, RuntimeCapabilityInfo> {
    const runtimes = new Map<string, RuntimeCapabilityInfo>();
    for (const entry of this.session.registry.entries.values()) {
      runtimes.set(entry.name, { plugin: entry.plugin.name, capabilities: [...entry.plugin.capabilities] });
    }
    return runtimes;
  }

  async compile(source: string, file: string): Promise<Compiled> {
    const frontEnd = await this.frontEnd();
    const parsed = frontEnd.parse(source, { file });
    const parseErrors = parsed.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    if (parseErrors.length > 0 || parsed.incomplete) {
      return { ok: false, diagnostics: withoutCascades(parsed.diagnostics), incomplete: parsed.incomplete };
    }
    const variables = new Map(this.variables);
    const checked = frontEnd.check(parsed.program, {
      signatures: this.signatures,
      runtimes: this.runtimeCapabilities(),
      defaultRuntime: this.session.defaultRuntime,
      variables,
    });
    const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
    if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) {
      return { ok: false, diagnostics, incomplete: false };
    }
    return { ok: true, program: parsed.program, bindings: checked.bindings, warnings: diagnostics, variables };
  }

  async formatDiagnostics(diagnostics: readonly Diagnostic[], source: string, file: string): Promise<string> {
    const frontEnd = await this.frontEnd();
    return frontEnd.formatDiagnostics(diagnostics, source, file, { color: this.session.color });
  }

  async execute(
    compiled: Extract<Compiled, { ok: true }>,
    signal: AbortSignal,
    sink: OutputSink = (stream, pipeline) =>
      renderStream(stream, this.session, this.session.output, {
        emptyDocument: yieldsValues(pipeline, compiled.bindings),
      }),
  ): Promise<void> {
    this.interpreter.setBindings(compiled.bindings);
    try {
      await this.interpreter.runProgram(compiled.program, this.scope, signal, sink);
    } finally {
      this.variables = compiled.variables;
    }
  }
}

/**
 * After one parse error the parser recovers, but may report the same spot
 * again in other words (`let y = ]`: "expected a value", "nothing is open
 * here"); only the first error at each place is worth reading.
 */
function withoutCascades(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((diagnostic) => {
    if (diagnostic.severity !== 'error') return true;
    const place = `${diagnostic.span.start.line}:${diagnostic.span.start.column}`;
    if (seen.has(place)) return false;
    seen.add(place);
    return true;
  });
}

/** Whether a statement's pipeline is one that yields values (so `-o json` prints `[]` for none). */
function yieldsValues(pipeline: Pipeline, bindings: ReadonlyMap<Command, BoundCommand>): boolean {
  const last = pipeline.commands.at(-1);
  if (!last) return pipeline.source !== null;
  const output = bindings.get(last)?.signature.output;
  return output !== undefined && output !== 'nothing';
}
