// Queue depths per queue and state, read from Redis at scrape time (so every replica reports the whole queue, and
// the number is BullMQ's own at that moment). A read that fails or takes longer than the timeout leaves the depth
// series out of that scrape, and catsyphon_queue_counts_ok says 0, rather than reporting stale numbers.
import { Gauge, type Registry } from "prom-client";

export const QUEUE_JOBS = "catsyphon_queue_jobs";
export const QUEUE_COUNTS_OK = "catsyphon_queue_counts_ok";

export const QUEUE_STATES = ["waiting", "active", "delayed", "failed"] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export type QueueDepth = { name: string } & Record<QueueState, number>;

const DEFAULT_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function registerQueueDepths(
  registry: Registry,
  readDepths: () => Promise<readonly QueueDepth[]>,
  options: { timeoutMs?: number } = {},
): void {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Both gauges are collected at once by one scrape; they share its one read (undefined: it failed).
  let reading: Promise<readonly QueueDepth[] | undefined> | undefined;
  const readOnce = () => {
    reading ??= withTimeout(readDepths(), timeoutMs)
      .catch(() => undefined)
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };
  new Gauge({
    name: QUEUE_JOBS,
    help: "Jobs in each queue by state (failed: parked, waiting to be re-driven), as BullMQ counts them now.",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      const depths = await readOnce();
      this.reset();
      for (const depth of depths ?? []) {
        for (const state of QUEUE_STATES) this.set({ queue: depth.name, state }, depth[state]);
      }
    },
  });
  new Gauge({
    name: QUEUE_COUNTS_OK,
    help: "1 when this scrape could read the queue depths from Redis, 0 when it could not.",
    registers: [registry],
    async collect() {
      this.set((await readOnce()) === undefined ? 0 : 1);
    },
  });
}
