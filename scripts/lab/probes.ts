/** Cheap "does it answer?" checks for the lab's daemons. */
import http from 'node:http';
import { execa } from 'execa';

export interface HttpAnswer {
  status: number;
  body: string;
}

/** GET over TCP (`host:port`) or a unix socket (`socketPath`), with a short timeout. */
export function httpGet(
  target: { socketPath: string } | { host: string; port: number },
  pathname: string,
  timeoutMs = 2_000,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.get({ ...target, path: pathname, timeout: timeoutMs, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

export async function registryAnswers(port: number): Promise<boolean> {
  const answer = await httpGet({ host: '127.0.0.1', port }, '/v2/').catch(() => null);
  return answer?.status === 200;
}

export async function dockerAnswers(socketPath: string): Promise<boolean> {
  const answer = await httpGet({ socketPath }, '/_ping').catch(() => null);
  return answer?.status === 200 && answer.body === 'OK';
}

export async function containerdAnswers(socketPath: string): Promise<boolean> {
  const result = await execa('ctr', ['--address', socketPath, '--timeout', '2s', 'version'], {
    reject: false,
    timeout: 5_000,
  });
  return result.exitCode === 0 && /Server:/.test(result.stdout);
}
