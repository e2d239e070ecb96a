import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { type DependencyState } from "./dependency-checks";

export interface HealthChecks {
  /** False once shutdown began (the orchestrator stops routing to us and waits for the drain). */
  accepting(): boolean;
  dependencies(): Promise<Record<string, DependencyState>>;
  /** Prometheus text for /metrics. */
  metrics(): Promise<string>;
}

/**
 * The workers' (ingest worker, tagger) probe port: `/health` (the process is alive), `/ready` (dependencies answer, not draining) and `/metrics` (Prometheus) on a
 * small HTTP port.
 */
export async function startHealthServer(
  port: number,
  checks: HealthChecks,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (req.url === "/health") return reply(200, { status: "ok" });
    if (req.url === "/ready") {
      if (!checks.accepting()) return reply(503, { status: "shutting_down", checks: {} });
      void checks.dependencies().then((results) => {
        const ready = Object.values(results).every((value) => value === "ok");
        reply(ready ? 200 : 503, { status: ready ? "ready" : "unavailable", checks: results });
      });
      return;
    }
    if (req.url === "/metrics") {
      void checks.metrics().then(
        (text) => res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(text),
        () => reply(500, { error: "metrics_unavailable", message: "could not render the metrics" }),
      );
      return;
    }
    reply(404, { error: "not_found", message: `No route for ${req.method} ${req.url}` });
  });
  server.listen(port);
  await once(server, "listening");
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
