/** Lexical variables: blocks (if, for, each, try) see their parents' names. */
export class Scope {
  private readonly values = new Map<string, unknown>();
  readonly parent: Scope | null;

  constructor(parent: Scope | null = null) {
    this.parent = parent;
  }

  child(): Scope {
    return new Scope(this);
  }

  has(name: string): boolean {
    return this.values.has(name) || (this.parent?.has(name) ?? false);
  }

  get(name: string): unknown {
    if (this.values.has(name)) return this.values.get(name);
    return this.parent ? this.parent.get(name) : undefined;
  }

  /** `let` always binds in the current scope (shadowing a parent's name). */
  define(name: string, value: unknown): void {
    this.values.set(name, value);
  }

  names(): string[] {
    return [...new Set([...(this.parent?.names() ?? []), ...this.values.keys()])];
  }
}
