// The service's readiness as a gauge (what /ready answers, read at scrape time), so an alert can tell a worker that
// runs but cannot work (Redis or Postgres away, draining) from one that is down (Prometheus's own `up`).
import { Gauge, type Registry } from "prom-client";

export const SERVICE_READY = "catsyphon_service_ready";

export function registerReadiness(registry: Registry, ready: () => Promise<boolean>): void {
  new Gauge({
    name: SERVICE_READY,
    help: "1 when the service is ready (its dependencies answer and it is not draining), else 0; as /ready says.",
    registers: [registry],
    async collect() {
      this.set((await ready().catch(() => false)) ? 1 : 0);
    },
  });
}
