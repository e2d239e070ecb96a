// The web app's /metrics (decision 0067): answered by the custom server itself, before Next, on WEB_PORT. Requests
// by route template and status with their latency, and the live-update (SSE) streams open now. The start script
// calls `answer` and `track` for each request; nothing here runs inside Next's bundles.
import { type IncomingMessage, type ServerResponse } from "node:http";
import {
  answerScrape,
  createHttpRequestMetrics,
  createMetricsRegistry,
  Gauge,
  METRICS_PATH,
  type Registry,
} from "@catsyphon/metrics";
import { liveEventConnectionCount } from "../live-events/shutdown";
import { routeTemplates } from "./route-templates";

export interface WebMetrics {
  registry: Registry;
  /** Answers GET /metrics and returns true; false for any other request (which Next then serves). */
  answer(req: IncomingMessage, res: ServerResponse): boolean;
  /** Times a request Next serves. */
  track(req: IncomingMessage, res: ServerResponse): void;
}

export function createWebMetrics(options: { appDir: string; token: string | undefined }): WebMetrics {
  const registry = createMetricsRegistry();
  const http = createHttpRequestMetrics(registry);
  const routeOf = routeTemplates(options.appDir);
  new Gauge({
    name: "catsyphon_web_sse_connections",
    help: "Live-update (SSE) streams open in this process now.",
    registers: [registry],
    collect() {
      this.set(liveEventConnectionCount());
    },
  });
  return {
    registry,
    answer(req, res) {
      if ((req.url ?? "").split("?")[0] !== METRICS_PATH) return false;
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET", "content-type": "application/json" });
        res.end(JSON.stringify({ error: "method_not_allowed", message: "GET /metrics" }));
        return true;
      }
      void answerScrape(req, res, registry, options.token);
      return true;
    },
    track(req, res) {
      const route = routeOf(req.url);
      http.track(req, res, () => route);
    },
  };
}
