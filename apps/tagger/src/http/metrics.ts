// The tagger's Prometheus metrics, served on its health port's /metrics (decision 0068). Counters live in this
// process; the paused-workspace gauge is read from Postgres and the queue depths from Redis at scrape time, so
// every replica reports the same numbers.
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

import { type LlmCall } from "../llm/client";
import { type LlmFailureKind } from "../llm/errors";

/** Why an LLM tagging attempt ended without the LLM's tags: a classified error, or an answer invalid twice. */
export type LlmFailureReason = LlmFailureKind | "invalid_answer";
const LLM_FAILURE_REASONS: readonly LlmFailureReason[] = [
  "transient",
  "rejected",
  "auth",
  "quota",
  "invalid_answer",
];

const LLM_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120];
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** What tagging reports as it goes; the worker serves it, a backfill run keeps it to itself. */
export interface TaggerMetrics {
  tagged(source: "rules" | "llm"): void;
  cacheHit(): void;
  /** One HTTP request to the LLM, with its cost in USD when the model has a price. */
  llmCall(call: LlmCall, costUsd: number | null): void;
  llmFailure(reason: LlmFailureReason): void;
  paused(): void;
}

export interface ServedTaggerMetrics extends TaggerMetrics {
  registry: Registry;
  jobSettled(settled: SettledJob): void;
}

export function createTaggerMetrics(sources: {
  llmEnabled: boolean;
  /** Workspaces paused now; undefined when Postgres cannot say (the gauge is left out). */
  pausedWorkspaces(): Promise<number | undefined>;
  queueDepths(): Promise<readonly QueueDepth[]>;
}): ServedTaggerMetrics {
  const registry = createMetricsRegistry();
  const registers = [registry];
  new Gauge({
    name: "catsyphon_tagger_llm_enabled",
    help: "1 when an LLM is configured (OPENAI_BASE_URL or OPENAI_API_KEY).",
    registers,
  }).set(sources.llmEnabled ? 1 : 0);
  const tagged = new Counter({
    name: "catsyphon_tagger_conversations_tagged_total",
    help: "Conversations tagged, by the newest source of their tags.",
    labelNames: ["source"] as const,
    registers,
  });
  const requests = new Counter({
    name: "catsyphon_tagger_llm_requests_total",
    help: "LLM requests, by result.",
    labelNames: ["status"] as const,
    registers,
  });
  const tokens = new Counter({
    name: "catsyphon_tagger_llm_tokens_total",
    help: "Tokens the LLM reported for tagging requests, by kind (input, output).",
    labelNames: ["kind"] as const,
    registers,
  });
  const cost = new Counter({
    name: "catsyphon_tagger_llm_cost_usd_total",
    help: "Cost in USD of tagging requests whose model has a price (TAGGER_PRICE_* or a known OpenAI model).",
    registers,
  });
  const latency = new Histogram({
    name: "catsyphon_tagger_llm_request_duration_seconds",
    help: "How long each LLM request took, by result.",
    labelNames: ["status"] as const,
    buckets: LLM_BUCKETS,
    registers,
  });
  const failures = new Counter({
    name: "catsyphon_tagger_llm_failures_total",
    help: "LLM tagging attempts that ended without the LLM's tags, by reason (transient, rejected, auth, quota, invalid_answer).",
    labelNames: ["reason"] as const,
    registers,
  });
  const cacheHits = new Counter({
    name: "catsyphon_tagger_cache_hits_total",
    help: "LLM answers served from tag_cache.",
    registers,
  });
  const pauses = new Counter({
    name: "catsyphon_tagger_pauses_total",
    help: "Workspaces paused by this process after an authentication or quota error.",
    registers,
  });
  new Gauge({
    name: "catsyphon_tagger_paused_workspaces",
    help: "Workspaces whose LLM tagging is paused now (auth or quota error); see tagger_pauses.",
    registers,
    async collect() {
      const paused = await sources.pausedWorkspaces();
      if (paused === undefined) this.remove();
      else this.set(paused);
    },
  });
  const jobDuration = new Histogram({
    name: "catsyphon_job_duration_seconds",
    help: "How long each job attempt took in this process, by queue, job name and outcome (completed, retried, failed).",
    labelNames: ["queue", "job_name", "outcome"] as const,
    buckets: JOB_BUCKETS,
    registers,
  });
  registerQueueDepths(registry, sources.queueDepths);
  // Zero from the start, so rate() and the alert rules see the series before the first event.
  for (const source of ["rules", "llm"]) tagged.inc({ source }, 0);
  for (const status of ["succeeded", "invalid", "failed"]) requests.inc({ status }, 0);
  for (const kind of ["input", "output"]) tokens.inc({ kind }, 0);
  for (const reason of LLM_FAILURE_REASONS) failures.inc({ reason }, 0);

  return {
    registry,
    tagged: (source) => tagged.inc({ source }),
    cacheHit: () => cacheHits.inc(),
    llmCall: (call, costUsd) => {
      requests.inc({ status: call.status });
      latency.observe({ status: call.status }, call.latencyMs / 1000);
      if (call.inputTokens !== null) tokens.inc({ kind: "input" }, call.inputTokens);
      if (call.outputTokens !== null) tokens.inc({ kind: "output" }, call.outputTokens);
      if (costUsd !== null) cost.inc(costUsd);
    },
    llmFailure: (reason) => failures.inc({ reason }),
    paused: () => pauses.inc(),
    jobSettled: ({ queue, jobName, outcome, durationSeconds }) =>
      jobDuration.observe({ queue, job_name: jobName, outcome }, durationSeconds),
  };
}

/** For a backfill run: counts nothing anyone reads. */
export const unservedTaggerMetrics: TaggerMetrics = {
  tagged: () => undefined,
  cacheHit: () => undefined,
  llmCall: () => undefined,
  llmFailure: () => undefined,
  paused: () => undefined,
};
