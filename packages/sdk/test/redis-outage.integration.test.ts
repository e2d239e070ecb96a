// 503 handling: the API answers 503 while its Redis is down; the SDK retries until it is back.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type CollectorCredentials } from "@catsyphon/protocol";

import { CatSyphonClient, registerCollector } from "../src";
import { type RetryInfo } from "../src/transport";
import { type IngestApiProcess, startIngestApiProcess as startIngestApi } from "@catsyphon/testing";
import { PrivateRedisServer } from "@catsyphon/testing";
import { newSessionId } from "./support";

let redis: PrivateRedisServer;
let api: IngestApiProcess;
let credentials: CollectorCredentials;

beforeAll(async () => {
  redis = await PrivateRedisServer.onFreePort();
  await redis.start();
  api = await startIngestApi({ label: "sdk redis down", env: { REDIS_URL: redis.url } });
  credentials = await registerCollector({
    serverUrl: api.url,
    adminToken: api.adminToken,
    collector_type: "sdk-test",
    collector_version: "1.0.0",
    hostname: "outage-host",
  });
});

afterAll(async () => {
  await api?.stop();
  await redis?.dispose();
});

describe("while Redis is down", () => {
  it("retries the 503s and succeeds once Redis is back", async () => {
    await redis.stop();

    const retries: RetryInfo[] = [];
    let restarted: Promise<void> | undefined;
    const client = new CatSyphonClient({
      serverUrl: api.url,
      apiKey: credentials.api_key,
      collectorId: credentials.collector_id,
      batch: { flushIntervalMs: 0 },
      retry: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000 },
      onRetry: (info) => {
        retries.push(info);
        // Bring Redis back only once the SDK has seen the outage.
        if (info.status === 503) restarted ??= redis.start();
      },
    });
    const sessionId = newSessionId();
    const writer = client.session(sessionId);
    writer.start({ agent_type: "claude_code", agent_version: "2.0.14" });
    writer.message({ author_role: "human", message_type: "prompt", content: "hello" });
    writer.end({ outcome: "success" });

    await client.flush();
    await restarted;

    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(retries[0]).toMatchObject({ attempt: 1, status: 503 });
    // The API asks for a pause with Retry-After; the SDK waited at least that long.
    for (const retry of retries) {
      if (retry.retryAfterMs !== undefined) expect(retry.delayMs).toBeGreaterThanOrEqual(retry.retryAfterMs);
    }
    expect(writer.pending).toBe(0);
    expect(writer.lastAcknowledgedSequence).toBe(3);
    expect((await client.getSession(sessionId))?.last_sequence).toBe(3);
    await client.close();
  });
});
