import { StringDecoder } from 'node:string_decoder';

/** Parses a newline-delimited JSON stream (pull progress, events) object by object. */
export async function* jsonLines(source: AsyncIterable<Uint8Array>): AsyncGenerator<unknown> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of source) {
    pending += decoder.write(Buffer.from(chunk));
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line) yield JSON.parse(line);
      newline = pending.indexOf('\n');
    }
  }
  const rest = (pending + decoder.end()).trim();
  if (rest) yield JSON.parse(rest);
}
