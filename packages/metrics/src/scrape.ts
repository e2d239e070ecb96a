// Answers a scrape of `/metrics` on any Node HTTP server (the ingest API, the web app's custom server, the workers'
// health port). With a token configured (METRICS_TOKEN) the scraper must send it as a bearer token (decision 0067).
import { createHash, timingSafeEqual } from "node:crypto";
import { type IncomingMessage, type ServerResponse } from "node:http";
import { type Registry } from "prom-client";

export const METRICS_PATH = "/metrics";

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** True when no token is required, or the request carries it (compared in constant time). */
export function scrapeAuthorized(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const header = req.headers.authorization ?? "";
  const given = header.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : "";
  return timingSafeEqual(digest(given), digest(token));
}

/** Writes the registry's exposition text, a 401 without the token, or a 500 when a collector threw. */
export async function answerScrape(
  req: IncomingMessage,
  res: ServerResponse,
  registry: Registry,
  token: string | undefined,
): Promise<void> {
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    res
      .writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers })
      .end(JSON.stringify(body));
  if (!scrapeAuthorized(req, token)) {
    json(
      401,
      { error: "unauthorized", message: "GET /metrics needs Authorization: Bearer <METRICS_TOKEN>" },
      { "www-authenticate": 'Bearer realm="metrics"' },
    );
    return;
  }
  try {
    const text = await registry.metrics();
    res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" }).end(text);
  } catch {
    json(500, { error: "metrics_unavailable", message: "could not render the metrics" });
  }
}
