// One registry per process, with Node's default process metrics (CPU, memory, event-loop lag, GC). Not
// prom-client's global registry: a test that starts two services in one process must not mix their metrics.
import { collectDefaultMetrics, Registry } from "prom-client";

export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
