// Runs ships for changed files: one at a time per file, a few files at once, and a pause for everyone while the
// server cannot be reached (exponential backoff with jitter), after which the queued files catch up.
import { CatSyphonApiError, CatSyphonNetworkError } from "@catsyphon/sdk";

export interface FileQueueOptions {
  concurrency: number;
  run: (path: string) => Promise<void>;
  onError: (path: string, error: unknown, retryInMs: number | null) => void;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Errors that say "the server is not there right now" rather than "this file is wrong". */
export function isTransient(error: unknown): boolean {
  if (error instanceof CatSyphonNetworkError) return true;
  if (error instanceof CatSyphonApiError) return error.status >= 500 || error.status === 429;
  return false;
}

export class FileQueue {
  private readonly waiting = new Set<string>();
  private readonly running = new Set<string>();
  private pausedUntil = 0;
  private failuresInRow = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private idle: Array<() => void> = [];

  constructor(private readonly options: FileQueueOptions) {}

  schedule(path: string): void {
    if (this.stopped) return;
    this.waiting.add(path);
    this.pump();
  }

  /** Resolves when nothing is waiting or running. */
  drained(): Promise<void> {
    if (this.waiting.size === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Stops taking work; resolves once the running ships have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.waiting.clear();
    clearTimeout(this.timer);
    await this.drained();
  }

  private pump(): void {
    if (this.stopped && this.running.size === 0) return this.settle();
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.pump(), wait);
      return;
    }
    for (const path of this.waiting) {
      if (this.running.size >= this.options.concurrency) break;
      if (this.running.has(path)) continue;
      this.waiting.delete(path);
      this.running.add(path);
      void this.runOne(path);
    }
    this.settle();
  }

  private async runOne(path: string): Promise<void> {
    try {
      await this.options.run(path);
      this.failuresInRow = 0;
    } catch (error) {
      if (isTransient(error) && !this.stopped) {
        this.failuresInRow += 1;
        const base = this.options.baseDelayMs ?? 1000;
        const cap = this.options.maxDelayMs ?? 60_000;
        const delay = Math.round(Math.random() * Math.min(cap, base * 2 ** Math.min(this.failuresInRow, 16)));
        this.pausedUntil = Math.max(this.pausedUntil, Date.now() + delay);
        this.waiting.add(path);
        this.options.onError(path, error, delay);
      } else {
        this.options.onError(path, error, null);
      }
    } finally {
      this.running.delete(path);
      this.pump();
    }
  }

  private settle(): void {
    if (this.waiting.size > 0 && !this.stopped) return;
    if (this.running.size > 0) return;
    const resolvers = this.idle;
    this.idle = [];
    for (const resolve of resolvers) resolve();
  }
}
