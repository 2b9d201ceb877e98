/** Helpers for the async streams that flow through pipes. */

export async function* fromValue(value: unknown): AsyncIterable<unknown> {
  if (value === undefined) return;
  if (Array.isArray(value)) yield* value;
  else if (isAsyncIterable(value)) yield* value;
  else yield value;
}

export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

export async function collect(stream: AsyncIterable<unknown> | null): Promise<unknown[]> {
  const items: unknown[] = [];
  if (!stream) return items;
  for await (const item of stream) items.push(item);
  return items;
}

export async function* empty(): AsyncIterable<unknown> {}
