import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerdConnection } from '../grpc/connection.ts';

/** Checked even without events, in case one was published before the subscription took hold. */
const FALLBACK_POLL_MS = 1000;

/**
 * Events as wake-ups: subscribes to some topics of this namespace
 * (`/tasks/start`, `/tasks/exit`, `/containers/delete`, ...) so that a caller
 * waiting for a state change re-checks the state when something happened
 * instead of polling. The payloads are not decoded; the state check is
 * what decides.
 */
export class EventWakeups {
  private readonly controller = new AbortController();
  private pending = false;
  /** Events received so far. */
  received = 0;
  private wake: (() => void) | undefined;

  constructor(connection: ContainerdConnection, topics: string[], signal?: AbortSignal) {
    signal?.addEventListener('abort', () => this.close(), { once: true });
    const filters = topics.map(
      (topic) => `topic==${JSON.stringify(topic)},namespace==${JSON.stringify(connection.namespace)}`,
    );
    void (async () => {
      try {
        for await (const _ of connection.stream(
          'events',
          'Subscribe',
          { filters },
          { signal: this.controller.signal },
        )) {
          this.received++;
          this.pending = true;
          this.wake?.();
        }
      } catch {
        // Subscription lost: the fallback poll still notices changes.
      }
    })();
  }

  /** Resolves on the next event (or one that came since the last call), or after `maxMs` at most. */
  async next(maxMs = FALLBACK_POLL_MS): Promise<void> {
    if (!this.pending) {
      const woken = new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      await Promise.race([
        woken,
        sleep(Math.min(maxMs, FALLBACK_POLL_MS), undefined, { signal: this.controller.signal }).catch(() => undefined),
      ]);
      this.wake = undefined;
    }
    this.pending = false;
  }

  close(): void {
    this.controller.abort();
    this.wake?.();
  }
}
