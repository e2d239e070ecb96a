// The worker's Prometheus metrics, served on the health port's /metrics (decision 0068). Counters live in this
// process (they restart at zero, which rate() expects); the parked gauge and the queue depths are read from Redis
// at scrape time, so every replica reports the same, whole-queue numbers.
import {
  Counter,
  createMetricsRegistry,
  Gauge,
  Histogram,
  type QueueDepth,
  type Registry,
  registerQueueDepths,
} from "@catsyphon/metrics";
import { type SettledJob } from "@catsyphon/queue";

/** Tables whose inserted rows are counted. */
export type WrittenTable = "conversations" | "messages" | "files_touched";

/** Seconds: a job waits for its conversation's turn, so its duration spans more than its write. */
const JOB_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const WRITE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120];

export interface WorkerMetrics {
  registry: Registry;
  batchesWritten: Counter;
  batchesRetried: Counter;
  batchesParked: Counter;
  rowsWritten: Counter<"table">;
  /** One transaction of applyBatches: how long it took, and whether it committed. */
  writeDuration: Histogram<"outcome">;
  jobSettled(settled: SettledJob): void;
}

export function createWorkerMetrics(sources: {
  /** Jobs parked in the ingest queue's failed set; undefined when Redis cannot say (the gauge is left out). */
  parkedJobs(): Promise<number | undefined>;
  queueDepths(): Promise<readonly QueueDepth[]>;
}): WorkerMetrics {
  const registry = createMetricsRegistry();
  const registers = [registry];
  const jobDuration = new Histogram({
    name: "catsyphon_job_duration_seconds",
    help: "How long each job attempt took in this process, by queue, job name and outcome (completed, retried, failed).",
    labelNames: ["queue", "job_name", "outcome"] as const,
    buckets: JOB_BUCKETS,
    registers,
  });
  new Gauge({
    name: "catsyphon_worker_parked_jobs",
    help: "Jobs of the ingest queue parked in its failed set, waiting for `failed retry`.",
    registers,
    async collect() {
      const parked = await sources.parkedJobs();
      // Left out (not 0) when Redis cannot say: Prometheus then shows it as absent.
      if (parked === undefined) this.remove();
      else this.set(parked);
    },
  });
  registerQueueDepths(registry, sources.queueDepths);
  return {
    registry,
    batchesWritten: new Counter({
      name: "catsyphon_worker_batches_written_total",
      help: "Event batches written to Postgres.",
      registers,
    }),
    batchesRetried: new Counter({
      name: "catsyphon_worker_batches_retried_total",
      help: "Batch write attempts that failed for a passing reason and will be retried.",
      registers,
    }),
    batchesParked: new Counter({
      name: "catsyphon_worker_batches_parked_total",
      help: "Ingest jobs (batches, completions) parked by this process because they can never be written.",
      registers,
    }),
    rowsWritten: new Counter({
      name: "catsyphon_worker_rows_written_total",
      help: "Rows inserted by this process, by table (conversations, messages, files_touched).",
      labelNames: ["table"] as const,
      registers,
    }),
    writeDuration: new Histogram({
      name: "catsyphon_worker_db_write_duration_seconds",
      help: "Database write transactions of event batches, by outcome (committed, failed).",
      labelNames: ["outcome"] as const,
      buckets: WRITE_BUCKETS,
      registers,
    }),
    jobSettled: ({ queue, jobName, outcome, durationSeconds }) =>
      jobDuration.observe({ queue, job_name: jobName, outcome }, durationSeconds),
  };
}
