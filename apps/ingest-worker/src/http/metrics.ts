// The worker's few Prometheus metrics, as text exposition format 0.0.4 on the health server's /metrics. Counters
// live in this process (they restart at zero, which Prometheus's rate() expects); the parked gauge is read from
// Redis at scrape time, so every replica reports the same, whole-queue number.

export interface WorkerCounters {
  /** Batches whose rows were committed. */
  batchesWritten: number;
  /** Batch attempts that failed for a passing reason and were put back to retry later. */
  batchesRetried: number;
  /** Batches (and completions) parked because they can never be written (listed by `failed list`). */
  batchesParked: number;
}

export function newWorkerCounters(): WorkerCounters {
  return { batchesWritten: 0, batchesRetried: 0, batchesParked: 0 };
}

function metric(name: string, type: "counter" | "gauge", help: string, value: number): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${value}\n`;
}

/** The exposition text; the gauge is left out when Redis cannot say (Prometheus then shows it as absent). */
export function renderMetrics(counters: WorkerCounters, parkedJobs: number | undefined): string {
  return [
    metric(
      "catsyphon_worker_batches_written_total",
      "counter",
      "Event batches written to Postgres.",
      counters.batchesWritten,
    ),
    metric(
      "catsyphon_worker_batches_retried_total",
      "counter",
      "Batch write attempts that failed for a passing reason and will be retried.",
      counters.batchesRetried,
    ),
    metric(
      "catsyphon_worker_batches_parked_total",
      "counter",
      "Ingest jobs (batches, completions) parked by this process because they can never be written.",
      counters.batchesParked,
    ),
    parkedJobs === undefined
      ? ""
      : metric(
          "catsyphon_worker_parked_jobs",
          "gauge",
          "Jobs of the ingest queue parked in its failed set, waiting for `failed retry`.",
          parkedJobs,
        ),
  ].join("");
}
