// 429 handling against the real API's Redis token buckets.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { eventBatchAcceptedSchema, type CollectorCredentials } from "@catsyphon/protocol";

import { CatSyphonApiError, CatSyphonClient } from "../src";
import { type RetryInfo, sendRequest } from "../src/transport";
import { type IngestApiProcess, startIngestApiProcess as startIngestApi } from "@catsyphon/testing";
import { newSessionId, registerTestCollector } from "./support";

describe("a request limit of 2 a minute", () => {
  let api: IngestApiProcess;
  let credentials: CollectorCredentials;

  beforeAll(async () => {
    api = await startIngestApi({ label: "sdk rate req", env: { RATE_LIMIT_REQUESTS_PER_MIN: "2" } });
    credentials = await registerTestCollector(api, "rate-limit-host");
  });

  afterAll(async () => {
    await api?.stop();
  });

  it("schedules each retry no sooner than Retry-After", async () => {
    // Two requests drain the bucket; the refill then takes ~30 s, so the waits are observed, not slept.
    const client = new CatSyphonClient({
      serverUrl: api.url,
      apiKey: credentials.api_key,
      collectorId: credentials.collector_id,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    await client.getSession(newSessionId());
    await client.getSession(newSessionId());

    const retries: RetryInfo[] = [];
    const slept: number[] = [];
    const sessionId = newSessionId();
    const error = await sendRequest(
      {
        fetch: (input, init) => globalThis.fetch(input, init),
        retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
        timeoutMs: 5000,
        onRetry: (info) => retries.push(info),
        sleep: async (ms) => void slept.push(ms),
      },
      {
        method: "POST",
        url: `${api.url}/collectors/events`,
        headers: {
          Authorization: `Bearer ${credentials.api_key}`,
          "X-Collector-ID": credentials.collector_id,
        },
        body: JSON.stringify({
          session_id: sessionId,
          events: [
            {
              sequence: 1,
              type: "thinking",
              emitted_at: new Date().toISOString(),
              observed_at: new Date().toISOString(),
              data: { content: "x" },
            },
          ],
        }),
        schema: eventBatchAcceptedSchema,
      },
    ).then(
      () => undefined,
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(CatSyphonApiError);
    expect(error).toMatchObject({ status: 429, code: "rate_limited" });
    expect((error as CatSyphonApiError).retryAfterMs).toBeGreaterThanOrEqual(20_000);
    expect(retries.map((r) => [r.attempt, r.status])).toEqual([
      [1, 429],
      [2, 429],
    ]);
    for (const retry of retries) {
      expect(retry.retryAfterMs).toBeGreaterThanOrEqual(20_000);
      // maxDelayMs caps the backoff, not the server's Retry-After.
      expect(retry.delayMs).toBeGreaterThanOrEqual(retry.retryAfterMs ?? Infinity);
    }
    expect(slept).toEqual(retries.map((r) => r.delayMs));
    await client.close();
  });
});

describe("an event limit of 60 a minute", () => {
  let api: IngestApiProcess;
  let credentials: CollectorCredentials;

  beforeAll(async () => {
    api = await startIngestApi({
      label: "sdk rate ev",
      env: { RATE_LIMIT_REQUESTS_PER_MIN: "0", RATE_LIMIT_EVENTS_PER_MIN: "60" },
    });
    credentials = await registerTestCollector(api, "rate-limit-host");
  });

  afterAll(async () => {
    await api?.stop();
  });

  it("waits out Retry-After and then succeeds", async () => {
    const retries: RetryInfo[] = [];
    const client = new CatSyphonClient({
      serverUrl: api.url,
      apiKey: credentials.api_key,
      collectorId: credentials.collector_id,
      batch: { flushIntervalMs: 0 },
      retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 100 },
      onRetry: (info) => retries.push(info),
    });
    const sessionId = newSessionId();
    const writer = client.session(sessionId);
    // A batch of 60 drains the bucket; it refills one event a second, so two more wait ~2 s.
    for (let i = 0; i < 60; i++) writer.thinking({ content: `#${i}` });
    await client.flush();
    expect(retries).toHaveLength(0);

    writer.thinking({ content: "61" });
    writer.thinking({ content: "62" });
    const started = Date.now();
    await client.flush();
    const waited = Date.now() - started;

    expect(retries.length).toBeGreaterThanOrEqual(1);
    const first = retries[0]!;
    expect(first.status).toBe(429);
    expect(first.retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(first.delayMs).toBeGreaterThanOrEqual(first.retryAfterMs ?? Infinity);
    expect(waited).toBeGreaterThanOrEqual(first.retryAfterMs ?? Infinity);
    expect(writer.lastAcknowledgedSequence).toBe(62);
    await client.close();
  });
});
