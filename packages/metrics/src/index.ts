// @catsyphon/metrics: what every service's /metrics shares. Each service defines its own metrics on its registry.
export { Counter, Gauge, Histogram, type Registry } from "prom-client";
export { createMetricsRegistry } from "./registry";
export { answerScrape, METRICS_PATH, scrapeAuthorized } from "./scrape";
export {
  createHttpRequestMetrics,
  HTTP_REQUEST_DURATION_SECONDS,
  type HttpRequestMetrics,
} from "./http-requests";
export {
  type QueueDepth,
  QUEUE_COUNTS_OK,
  QUEUE_JOBS,
  QUEUE_STATES,
  type QueueState,
  registerQueueDepths,
} from "./queue-depths";
export { registerReadiness, SERVICE_READY } from "./readiness";
export { metricNamesOf, metricNamesReferenced, parseExposition } from "./exposition";
