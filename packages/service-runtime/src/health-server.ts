import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { answerScrape, METRICS_PATH, type Registry, registerReadiness } from "@catsyphon/metrics";
import { type DependencyState } from "./dependency-checks";

export interface HealthChecks {
  /** False once shutdown began (the orchestrator stops routing to us and waits for the drain). */
  accepting(): boolean;
  dependencies(): Promise<Record<string, DependencyState>>;
  /** The process's metrics, served on /metrics. */
  metrics: Registry;
  /** METRICS_TOKEN: when set, /metrics needs it as a bearer token. */
  metricsToken?: string | undefined;
}

/**
 * The workers' (ingest worker, tagger) probe port: `/health` (the process is alive), `/ready` (dependencies answer, not draining) and `/metrics` (Prometheus) on a
 * small HTTP port.
 */
export async function startHealthServer(
  port: number,
  checks: HealthChecks,
): Promise<{ server: Server; url: string }> {
  const ready = async () =>
    checks.accepting() && Object.values(await checks.dependencies()).every((value) => value === "ok");
  registerReadiness(checks.metrics, ready);
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
    if (req.url === METRICS_PATH) {
      void answerScrape(req, res, checks.metrics, checks.metricsToken);
      return;
    }
    reply(404, { error: "not_found", message: `No route for ${req.method} ${req.url}` });
  });
  server.listen(port);
  await once(server, "listening");
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
