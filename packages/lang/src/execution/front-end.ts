import type { BoundCommand, RuntimeCapabilityInfo } from '../checker/bound-command.ts';
import type { SignatureLookup } from '../commands/signature.ts';
import type { Command, Program } from '../language/ast.ts';
import type { Diagnostic } from '../language/diagnostics.ts';

/**
 * The parser, checker and diagnostic formatter as the back end uses them.
 * They are loaded on first use, which also keeps `icr --help` start-up fast.
 */
export interface ParseResult {
  program: Program;
  diagnostics: Diagnostic[];
  /** The input ended inside a statement (the REPL then asks for another line). */
  incomplete: boolean;
}

export interface CheckEnvironment {
  signatures: SignatureLookup;
  runtimes: Map<string, RuntimeCapabilityInfo>;
  defaultRuntime: string;
  /** Variables already defined (the REPL keeps them between entries), by name. */
  variables: Map<string, unknown>;
}

export interface CheckResult {
  diagnostics: Diagnostic[];
  bindings: Map<Command, BoundCommand>;
}

export interface FrontEnd {
  parse(source: string, options: { file: string }): ParseResult;
  check(program: Program, env: CheckEnvironment): CheckResult;
  formatDiagnostics(diagnostics: readonly Diagnostic[], source: string, file: string, options: { color: boolean }): string;
}

let loaded: Promise<FrontEnd> | null = null;

export function loadFrontEnd(): Promise<FrontEnd> {
  loaded ??= (async () => {
    // TODO(front end): literal specifiers once parser.ts/check.ts/format-diagnostic.ts exist.
    const modules = ['../language/parser.ts', '../checker/check.ts', '../language/format-diagnostic.ts'];
    const [parser, checker, format] = (await Promise.all(
      modules.map((specifier) => import(specifier).catch(() => null)),
    )) as Array<Record<string, unknown> | null>;
    const { fallbackCheck } = await import('./fallback-binder.ts');
    const fallbackFormat: FrontEnd['formatDiagnostics'] = (diagnostics, _source, file) =>
      diagnostics.map((d) => `${file}:${d.span.start.line}:${d.span.start.column}: ${d.severity}: ${d.message}`).join('\n');
    return {
      parse: parser?.parse as FrontEnd['parse'],
      check: (checker?.check as FrontEnd['check'] | undefined) ?? fallbackCheck,
      formatDiagnostics: (format?.formatDiagnostics as FrontEnd['formatDiagnostics'] | undefined) ?? fallbackFormat,
    };
  })();
  return loaded;
}
