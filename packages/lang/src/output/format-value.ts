/** How single values look in a table cell (JSON/YAML keep full values). */

export function formatAge(date: Date, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - date.getTime()) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ago`;
  return `${Math.floor(hours / 24)}d ago`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function shortId(id: string): string {
  const bare = id.startsWith('sha256:') ? id.slice(7) : id;
  return bare.slice(0, 12);
}

export function formatCell(value: unknown, maxWidth = 60): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (value instanceof Date) text = formatAge(value);
  else if (Array.isArray(value)) text = value.map((item) => formatCell(item, maxWidth)).join(', ');
  else if (typeof value === 'object') {
    text = Object.entries(value as Record<string, unknown>)
      .map(([key, entry]) => `${key}=${formatCell(entry, maxWidth)}`)
      .join(', ');
  } else text = String(value);
  text = text.trimEnd().replace(/\r?\n/g, '⏎');
  return text.length > maxWidth ? `${text.slice(0, maxWidth - 1)}…` : text;
}
