// Collects a child's stdout and stderr as text and as whole lines in arrival
// order, so tests can wait for a line without caring which stream it is on.

import type { ChildProcess } from 'node:child_process';

interface Waiter {
  readonly test: (line: string) => boolean;
  readonly resolve: (line: string) => void;
}

/** Output of one child process. */
export class OutputLog {
  #out = '';
  #err = '';
  readonly #lines: string[] = [];
  readonly #partial = { out: '', err: '' };
  readonly #waiters = new Set<Waiter>();

  constructor(child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.#out += chunk;
      this.#feed('out', chunk);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.#err += chunk;
      this.#feed('err', chunk);
    });
    // A last line without a newline still counts once the stream ends.
    child.stdout?.on('end', () => this.#flush('out'));
    child.stderr?.on('end', () => this.#flush('err'));
  }

  stdout(): string {
    return this.#out;
  }

  stderr(): string {
    return this.#err;
  }

  /** Both streams for failure messages. */
  all(): string {
    return `--- stdout\n${this.#out}\n--- stderr\n${this.#err}`;
  }

  /** Resolves with the first line (already seen or future) that matches. */
  waitFor(pattern: RegExp | string, timeoutMs: number): Promise<string> {
    const test = (line: string) => (typeof pattern === 'string' ? line.includes(pattern) : pattern.test(line));
    const seen = this.#lines.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        test,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`no line matching ${String(pattern)} within ${timeoutMs} ms\n${this.all()}`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  #feed(stream: 'out' | 'err', chunk: string): void {
    const parts = (this.#partial[stream] + chunk).split('\n');
    this.#partial[stream] = parts.pop() ?? '';
    for (const line of parts) this.#line(line);
  }

  #flush(stream: 'out' | 'err'): void {
    if (this.#partial[stream] !== '') this.#line(this.#partial[stream]);
    this.#partial[stream] = '';
  }

  #line(line: string): void {
    this.#lines.push(line);
    for (const waiter of this.#waiters) {
      if (waiter.test(line)) {
        this.#waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  }
}
