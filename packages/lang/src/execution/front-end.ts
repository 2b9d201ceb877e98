import type { CheckEnvironment, CheckResult } from '../checker/check.ts';
import type { Program } from '../language/ast.ts';
import type { Diagnostic } from '../language/diagnostics.ts';
import type { ParseResult } from '../language/parser.ts';

export type { CheckEnvironment, CheckResult, ParseResult };

/**
 * The parser, checker and diagnostic formatter as the back end uses them.
 * They are loaded on first use, which keeps `icr --help` start-up fast.
 */
export interface FrontEnd {
  parse(source: string, options: { file: string }): ParseResult;
  check(program: Program, env: CheckEnvironment): CheckResult;
  formatDiagnostics(
    diagnostics: readonly Diagnostic[],
    source: string,
    file: string,
    options: { color: boolean },
  ): string;
}

let loaded: Promise<FrontEnd> | null = null;

export function loadFrontEnd(): Promise<FrontEnd> {
  loaded ??= (async () => {
    const [parser, checker, format] = await Promise.all([
      import('../language/parser.ts'),
      import('../checker/check.ts'),
      import('../language/format-diagnostic.ts'),
    ]);
    return { parse: parser.parse, check: checker.check, formatDiagnostics: format.formatDiagnostics };
  })();
  return loaded;
}
