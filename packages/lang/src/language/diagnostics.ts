import type { Span } from './ast.ts';

/**
 * A problem found before anything runs (parse or check). Several are
 * collected and reported at once; the CLI exits 2 when any is an error.
 */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Stable machine-readable code, e.g. "parse/unexpected-token", "check/unknown-flag". */
  code: string;
  message: string;
  span: Span;
  /** "did you mean ...?" or what to do instead. */
  hint?: string;
}
