// The ingest API's Prometheus metrics (decision 0068): requests by route template and status with latency, what
// the collector protocol accepted and refused, and the queue depths read from Redis at scrape time. No label
// carries a collector, workspace or session id (decision 0067).
import {
  Counter,
  createHttpRequestMetrics,
  createMetricsRegistry,
  type HttpRequestMetrics,
  type QueueDepth,
  type Registry,
  registerQueueDepths,
} from "@catsyphon/metrics";
import { type Request } from "express";

export interface ApiMetrics {
  registry: Registry;
  http: HttpRequestMetrics;
  eventsAccepted: Counter;
  batchesAccepted: Counter;
  duplicateEvents: Counter;
  /** 409 answers, by error code (sequence_gap, session_conflict). */
  conflicts: Counter<"code">;
  /** 429 answers, by the limit that was reached (requests, events). */
  rateLimited: Counter<"limit">;
}

export function createApiMetrics(queueDepths: () => Promise<readonly QueueDepth[]>): ApiMetrics {
  const registry = createMetricsRegistry();
  const registers = [registry];
  registerQueueDepths(registry, queueDepths);
  const metrics: ApiMetrics = {
    registry,
    http: createHttpRequestMetrics(registry),
    eventsAccepted: new Counter({
      name: "catsyphon_api_events_accepted_total",
      help: "Events accepted (new, queued for the worker) by POST /collectors/events.",
      registers,
    }),
    batchesAccepted: new Counter({
      name: "catsyphon_api_batches_accepted_total",
      help: "Event batches answered 202 by POST /collectors/events.",
      registers,
    }),
    duplicateEvents: new Counter({
      name: "catsyphon_api_duplicate_events_total",
      help: "Events of accepted batches dropped as duplicates of events the session already holds.",
      registers,
    }),
    conflicts: new Counter({
      name: "catsyphon_api_conflicts_total",
      help: "Batches refused with 409, by error code (sequence_gap, session_conflict).",
      labelNames: ["code"] as const,
      registers,
    }),
    rateLimited: new Counter({
      name: "catsyphon_api_rate_limited_total",
      help: "Requests refused with 429, by the per-collector limit reached (requests, events).",
      labelNames: ["limit"] as const,
      registers,
    }),
  };
  for (const code of ["sequence_gap", "session_conflict"]) metrics.conflicts.inc({ code }, 0);
  for (const limit of ["requests", "events"]) metrics.rateLimited.inc({ limit }, 0);
  return metrics;
}

/** The matched route's template ("/collectors/sessions/:sessionId"); "unmatched" for a 404 of no route. */
export function routeTemplateOf(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === "string" ? `${req.baseUrl}${path}` : "unmatched";
}
