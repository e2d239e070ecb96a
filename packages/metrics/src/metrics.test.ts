import { once } from "node:events";
import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "@jest/globals";
import {
  answerScrape,
  createHttpRequestMetrics,
  createMetricsRegistry,
  metricNamesOf,
  metricNamesReferenced,
  parseExposition,
  registerQueueDepths,
} from "./index";

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler).listen(0, "127.0.0.1");
  servers.push(server);
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("queue depths", () => {
  it("shows each queue's counts by state, read at scrape time", async () => {
    const registry = createMetricsRegistry();
    let waiting = 3;
    registerQueueDepths(registry, async () => [
      { name: "ingest", waiting, active: 1, delayed: 2, failed: 0 },
    ]);
    let samples = parseExposition(await registry.metrics());
    expect(samples.get('catsyphon_queue_jobs{queue="ingest",state="waiting"}')).toBe(3);
    expect(samples.get('catsyphon_queue_jobs{queue="ingest",state="delayed"}')).toBe(2);
    expect(samples.get("catsyphon_queue_counts_ok")).toBe(1);
    waiting = 7;
    samples = parseExposition(await registry.metrics());
    expect(samples.get('catsyphon_queue_jobs{queue="ingest",state="waiting"}')).toBe(7);
  });

  it("leaves the depths out and says so when Redis fails or does not answer in time", async () => {
    const failing = createMetricsRegistry();
    registerQueueDepths(failing, () => Promise.reject(new Error("ECONNREFUSED")));
    const hanging = createMetricsRegistry();
    registerQueueDepths(hanging, () => new Promise(() => undefined), { timeoutMs: 20 });
    for (const registry of [failing, hanging]) {
      const text = await registry.metrics();
      expect(text).not.toMatch(/^catsyphon_queue_jobs\{/m);
      expect(parseExposition(text).get("catsyphon_queue_counts_ok")).toBe(0);
    }
  });
});

describe("HTTP request metrics", () => {
  it("counts requests by route template and status, with their latency", async () => {
    const registry = createMetricsRegistry();
    const http = createHttpRequestMetrics(registry);
    const url = await serve((req, res) => {
      http.track(req, res, () => (req.url?.startsWith("/items/") ? "/items/:id" : "unmatched"));
      res.writeHead(req.url === "/items/2" ? 404 : 200).end();
    });
    for (const path of ["/items/1", "/items/2", "/items/3", "/elsewhere"]) await fetch(`${url}${path}`);
    const samples = parseExposition(await registry.metrics());
    const count = (route: string, status: string) =>
      samples.get(
        `catsyphon_http_request_duration_seconds_count{method="GET",route="${route}",status="${status}"}`,
      );
    expect(count("/items/:id", "200")).toBe(2);
    expect(count("/items/:id", "404")).toBe(1);
    expect(count("unmatched", "200")).toBe(1);
    expect([...samples.keys()].some((series) => series.includes("/items/1"))).toBe(false);
  });
});

describe("answerScrape", () => {
  it("serves the registry, and with a token only to a scraper that sends it", async () => {
    const registry = createMetricsRegistry();
    const token = "a-metrics-token-of-enough-length";
    const open = await serve((req, res) => void answerScrape(req, res, registry, undefined));
    const guarded = await serve((req, res) => void answerScrape(req, res, registry, token));

    const served = await fetch(open);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(metricNamesOf(await served.text()).has("process_cpu_user_seconds_total")).toBe(true);

    expect((await fetch(guarded)).status).toBe(401);
    expect((await fetch(guarded, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    expect((await fetch(guarded, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});

describe("metricNamesReferenced", () => {
  it("finds our metric names in a PromQL expression", () => {
    expect([
      ...metricNamesReferenced(
        'sum(rate(catsyphon_http_request_duration_seconds_count{status=~"5.."}[5m])) / ' +
          "sum(rate(catsyphon_http_request_duration_seconds_count[5m])) > 0 and on() process_start_time_seconds",
      ),
    ]).toEqual(["catsyphon_http_request_duration_seconds_count", "process_start_time_seconds"]);
  });
});

describe("metricNamesOf", () => {
  it("names a histogram's series before its first observation", async () => {
    const registry = createMetricsRegistry();
    createHttpRequestMetrics(registry);
    const names = metricNamesOf(await registry.metrics());
    expect(names.has("catsyphon_http_request_duration_seconds_bucket")).toBe(true);
    expect(names.has("catsyphon_http_request_duration_seconds_count")).toBe(true);
    expect(names.has("nodejs_eventloop_lag_p99_seconds")).toBe(true);
  });
});
