import { isIcrError, type WaitOptions, type WaitResult } from '@icr/core';
import { Deadline } from './deadline.ts';
import type { DockerContainerInspect } from './docker-types.ts';
import { errorFromTransport } from './errors.ts';
import { mapDockerStatus } from './map-container.ts';
import { refPath } from './paths.ts';
import type { DockerTransport } from './transport.ts';

interface WaitResponse {
  StatusCode?: number;
  Error?: { Message?: string } | null;
}

const POLL_START_MS = 50;
const POLL_MAX_MS = 1000;

/**
 * 'exited' and 'removed' use the engine's own blocking `/wait` (conditions
 * not-running and removed); 'running' has no such condition, so inspect is
 * polled with backoff. The time limit becomes a `timeout` error.
 */
export async function waitForContainer(
  transport: DockerTransport,
  ref: string,
  options: WaitOptions = {},
): Promise<WaitResult> {
  const condition = options.for ?? 'exited';
  const deadline = new Deadline(options.signal, options.timeoutMs);
  const signal = deadline.signal;
  const subject = { kind: 'container' as const, ref };
  const inspect = (target: string) =>
    transport.json<DockerContainerInspect>({
      method: 'GET',
      path: `/containers/${refPath(target)}/json`,
      signal,
      subject,
    });
  try {
    // Resolve the name once: the id is what the result reports and what stays valid if the name is reused.
    const first = await inspect(ref);
    const id = first.Id;
    if (condition === 'running') {
      let current = first;
      let delay = POLL_START_MS;
      while (mapDockerStatus(current.State?.Status) !== 'running') {
        await sleep(delay, signal);
        delay = Math.min(delay * 2, POLL_MAX_MS);
        current = await inspect(id);
      }
      return { id, status: 'running', exitCode: null };
    }
    let answer: WaitResponse;
    try {
      answer = await transport.json<WaitResponse>({
        method: 'POST',
        path: `/containers/${id}/wait`,
        query: { condition: condition === 'removed' ? 'removed' : 'not-running' },
        signal,
        subject,
        longLived: true,
      });
    } catch (error) {
      // It existed a moment ago: an --rm container that finished in between is gone, which answers both conditions.
      if (isIcrError(error, 'not-found')) return { id, status: 'removed', exitCode: null };
      throw error;
    }
    const exitCode = typeof answer.StatusCode === 'number' ? answer.StatusCode : null;
    if (condition === 'removed') return { id, status: 'removed', exitCode };
    try {
      const after = await inspect(id);
      const status = mapDockerStatus(after.State?.Status);
      return { id, status, exitCode: status === 'exited' ? (after.State?.ExitCode ?? exitCode) : null };
    } catch (error) {
      // An --rm container can be gone by the time we look again.
      if (isIcrError(error, 'not-found')) return { id, status: 'removed', exitCode };
      throw error;
    }
  } catch (error) {
    const typed = errorFromTransport(error, transport.errorContext(subject), signal);
    throw deadline.explain(typed, `waiting for ${ref} to be ${condition}`, transport.runtime, options.timeoutMs);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
