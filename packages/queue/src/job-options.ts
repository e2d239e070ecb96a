// Default BullMQ job options of each queue. A producer may lay overrides over them (tests use a tiny backoff).
import { type DefaultJobOptions } from "bullmq";

import { type QueueName } from "./names";

const HOUR_S = 60 * 60;
const DAY_S = 24 * HOUR_S;

export const DEFAULT_JOB_OPTIONS: Readonly<Record<QueueName, DefaultJobOptions>> = {
  // Ingest failures are mostly Postgres being away (restart, failover, pool exhausted). The ingest worker retries
  // those itself, with a capped backoff and no last attempt (its `retry` option, decision 0022), so these
  // attempts and backoff only apply to a worker without it. Completed jobs are kept an hour (at most 10k) so a
  // resubmitted range still meets its job id and adds nothing; failed (parked) jobs hold accepted (202) data,
  // so they are kept until an operator re-drives them (`pnpm --filter @catsyphon/ingest-worker failed retry`).
  ingest: {
    attempts: 8,
    backoff: { type: "exponential", delay: 1_000, jitter: 0.2 },
    removeOnComplete: { age: HOUR_S, count: 10_000 },
    removeOnFail: false,
  },
  // LLM calls fail on rate limits and provider hiccups that last longer than a database blip: fewer attempts,
  // starting at 5 s (5, 10, 20, 40 s). Tagging is off the ingest path: giving up costs tags, never data.
  tagging: {
    attempts: 5,
    backoff: { type: "exponential", delay: 5_000, jitter: 0.2 },
    removeOnComplete: { age: HOUR_S, count: 10_000 },
    removeOnFail: { age: 7 * DAY_S },
  },
  // Repeatable housekeeping: the next tick is the retry, so one attempt, and only recent history is kept.
  maintenance: {
    attempts: 1,
    removeOnComplete: { count: 100 },
    removeOnFail: { age: 7 * DAY_S, count: 1_000 },
  },
};

/** Options laid over the defaults, per queue (shallow: a given `backoff` replaces the default one). */
export type JobOptionsOverrides = Partial<Record<QueueName, DefaultJobOptions>>;

export function jobOptionsFor(queue: QueueName, overrides?: JobOptionsOverrides): DefaultJobOptions {
  return { ...DEFAULT_JOB_OPTIONS[queue], ...overrides?.[queue] };
}
