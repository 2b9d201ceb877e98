/**
 * Registry authentication: the distribution spec's token flow. A registry that
 * wants credentials answers 401 with `WWW-Authenticate: Bearer realm=...,service=...,scope=...`
 * (token service) or `Basic realm=...`.
 */

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses one WWW-Authenticate header (the registries we talk to send a single challenge). */
export function parseChallenge(header: string): Challenge | null {
  const match = /^\s*([A-Za-z][\w-]*)\s*(.*)$/.exec(header);
  if (!match) return null;
  const params: Record<string, string> = {};
  const paramPattern = /([A-Za-z][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/g;
  for (const param of (match[2] ?? '').matchAll(paramPattern)) {
    const key = param[1]!.toLowerCase();
    params[key] = param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : (param[3] ?? '');
  }
  return { scheme: match[1]!.toLowerCase(), params };
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
