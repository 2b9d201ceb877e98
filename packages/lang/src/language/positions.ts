import type { Position, Span } from './ast.ts';

/** Maps character offsets to 1-based line/column, built once per source. */
export class LineTable {
  readonly source: string;
  private readonly starts: number[];

  constructor(source: string) {
    this.source = source;
    const starts = [0];
    for (let at = source.indexOf('\n'); at !== -1; at = source.indexOf('\n', at + 1)) starts.push(at + 1);
    this.starts = starts;
  }

  /** The line of the previous lookup: the parser asks in nearly increasing order. */
  private lastLine = 0;

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.source.length));
    const starts = this.starts;
    const last = this.lastLine;
    if (starts[last]! <= clamped && (last + 1 >= starts.length || clamped < starts[last + 1]!)) {
      return { offset: clamped, line: last + 1, column: clamped - starts[last]! + 1 };
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    this.lastLine = low;
    return { offset: clamped, line: low + 1, column: clamped - starts[low]! + 1 };
  }

  span(start: number, end: number): Span {
    const startPosition = this.position(start);
    return { start: startPosition, end: end === start ? startPosition : this.position(Math.max(start, end)) };
  }

  /** The text of the 1-based line, without its newline. */
  lineText(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return '';
    const next = this.starts[line];
    const end = next === undefined ? this.source.length : next - 1;
    return this.source.slice(start, end).replace(/\r$/, '');
  }

  get lineCount(): number {
    return this.starts.length;
  }
}
