import pty from '@lydell/node-pty';
import { ICR_BIN, labEnv } from './icr.ts';

/** The icr REPL in a pseudo-terminal, as a person would use it. */
export class ReplSession {
  private readonly process: pty.IPty;
  private buffer = '';
  exitCode: number | null = null;

  constructor(extraEnv: Record<string, string> = {}, args: string[] = []) {
    this.process = pty.spawn(process.execPath, [ICR_BIN, ...args], {
      cols: 200,
      rows: 50,
      env: labEnv({ TERM: 'xterm', ...extraEnv }) as Record<string, string>,
    });
    this.process.onData((data) => {
      this.buffer += data;
    });
    this.process.onExit(({ exitCode }) => {
      this.exitCode = exitCode;
    });
  }

  /** Everything the terminal showed, escape sequences removed. */
  get screen(): string {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escapes
    return this.buffer.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
  }

  /** Clears what was seen so far, so the next wait only looks at new output. */
  mark(): void {
    this.buffer = '';
  }

  write(text: string): void {
    this.process.write(text);
  }

  async waitFor(pattern: RegExp | string, timeoutMs = 30_000): Promise<string> {
    const started = Date.now();
    for (;;) {
      const screen = this.screen;
      if (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) return screen;
      if (Date.now() - started > timeoutMs) {
        throw new Error(`timed out waiting for ${String(pattern)}; the screen was:\n${screen}`);
      }
      if (this.exitCode !== null)
        throw new Error(`icr exited (${this.exitCode}) before ${String(pattern)}:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async waitForExit(timeoutMs = 10_000): Promise<number> {
    const started = Date.now();
    while (this.exitCode === null) {
      if (Date.now() - started > timeoutMs) throw new Error(`icr did not exit; the screen was:\n${this.screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.exitCode;
  }

  kill(): void {
    if (this.exitCode === null) this.process.kill();
  }
}
