/**
 * A container or image reference as a path segment. Image references keep
 * their `/`, `:` and `@` (the engine's router matches `/images/{name:.*}/json`);
 * everything else is escaped.
 */
export function refPath(ref: string): string {
  return encodeURIComponent(ref).replace(/%2F/gi, '/').replace(/%3A/gi, ':').replace(/%40/gi, '@');
}
