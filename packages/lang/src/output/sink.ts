import type { OutputFormat, Session } from '../execution/session.ts';
import { toText } from '../execution/values.ts';
import { formatIds, formatJson, formatTable, formatYaml, isRecord } from './render.ts';

/**
 * Writes one statement's stream to stdout in the session's format. Plain
 * values and log lines are written as they arrive (so `logs -f` and `run`
 * stream); records are collected into one table. If the stream fails, what
 * arrived before the failure is still written, then the error goes on.
 */
export async function renderStream(
  stream: AsyncIterable<unknown>,
  session: Session,
  format: OutputFormat = session.output,
  options: { emptyDocument?: boolean } = {},
): Promise<void> {
  const out = session.io.stdout;
  const pending: unknown[] = [];
  const flushTable = () => {
    if (pending.length === 0) return;
    const text = formatTable(pending, { color: session.color, width: out.columns });
    if (text !== '') out.write(`${text}\n`);
    pending.length = 0;
  };
  let failed = true;
  try {
    for await (const item of stream) {
      if (format === 'json' || format === 'yaml') {
        pending.push(item);
      } else if (format === 'ids') {
        out.write(`${formatIds([item])}\n`);
      } else if (isRecord(item) && item.kind === 'log') {
        flushTable();
        out.write(`${toText(item.line)}\n`);
      } else if (isRecord(item)) {
        pending.push(item);
      } else {
        flushTable();
        if (item !== null && item !== undefined) out.write(`${toText(item)}\n`);
      }
    }
    failed = false;
  } finally {
    // A command that yields values writes `[]` when it yielded none, so JSON readers always get a
    // document; a command that failed wrote nothing, and `[]` would read as "none found".
    const empty = options.emptyDocument === true && !failed;
    if (format === 'json') {
      if (pending.length > 0 || empty) out.write(`${formatJson(pending)}\n`);
    } else if (format === 'yaml') {
      if (pending.length > 0 || empty) out.write(`${formatYaml(pending)}\n`);
    } else flushTable();
  }
}
