import { timeout } from '@icr/core';

/**
 * Combines the caller's AbortSignal with an optional time limit, and tells
 * afterwards which of the two fired so the error can be `timeout` rather than `cancelled`.
 */
export class Deadline {
  readonly signal: AbortSignal | undefined;
  private readonly timer: AbortSignal | undefined;

  constructor(signal: AbortSignal | undefined, timeoutMs: number | undefined) {
    this.timer = timeoutMs !== undefined && timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
    const signals = [signal, this.timer].filter((s): s is AbortSignal => s !== undefined);
    this.signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
  }

  get expired(): boolean {
    return this.timer?.aborted === true;
  }

  /** `error`, or a `timeout` error when the time limit is what stopped the call. */
  explain(error: unknown, what: string, runtime: string, timeoutMs: number | undefined): unknown {
    if (this.expired) return timeout(`${what} did not finish within ${timeoutMs} ms`, { runtime, cause: error });
    return error;
  }
}
