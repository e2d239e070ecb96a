// Requests by method, route template and status, with their latency: one histogram (its _count is the request
// counter). The route is a template ("/collectors/sessions/:sessionId"), never the raw URL, so the number of
// series stays bounded whatever clients send (decision 0068).
import { type IncomingMessage, type ServerResponse } from "node:http";
import { Histogram, type Registry } from "prom-client";

export const HTTP_REQUEST_DURATION_SECONDS = "catsyphon_http_request_duration_seconds";

/** Seconds; from a fast 202 on loopback to a slow export or search. */
const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface HttpRequestMetrics {
  /**
   * Starts timing a request; it is observed when the response finishes or the client goes away (status 499
   * when nothing was sent). `routeOf` is asked then, once routing has decided.
   */
  track(req: IncomingMessage, res: ServerResponse, routeOf: () => string): void;
}

export function createHttpRequestMetrics(registry: Registry): HttpRequestMetrics {
  const histogram = new Histogram({
    name: HTTP_REQUEST_DURATION_SECONDS,
    help: "HTTP requests by method, route template and status, and how long they took to answer.",
    labelNames: ["method", "route", "status"] as const,
    buckets: BUCKETS,
    registers: [registry],
  });
  return {
    track(req, res, routeOf) {
      const started = process.hrtime.bigint();
      let done = false;
      const observe = () => {
        if (done) return;
        done = true;
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const status = res.headersSent ? String(res.statusCode) : "499";
        histogram.observe({ method: methodLabel(req.method), route: routeOf(), status }, seconds);
      };
      res.once("finish", observe);
      res.once("close", observe);
    },
  };
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Any other method is "other": a client can send any token as a method. */
function methodLabel(method: string | undefined): string {
  return method !== undefined && METHODS.has(method) ? method : "other";
}
