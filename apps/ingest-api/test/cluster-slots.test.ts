// Redis Cluster runs a multi-key script only when all its keys are in one slot. The API's scripts (session
// sequencing, rate-limit buckets) and BullMQ's share REDIS_KEY_PREFIX, so a hash-tagged prefix puts every key of a
// deployment in one slot: checked on the key builders for the default prefix, and on every key a real API left.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { loadIngestApiEnv } from "@catsyphon/config";
import { createTestDatabase, redisClusterSlot, type TestDatabase } from "@catsyphon/testing";
import { rateLimitKeys } from "../src/rate-limit/token-bucket";
import { sessionSequencerKeys } from "../src/sequencing/session-sequencer";
import { batch, collectorHeaders, registerCollector, request, startTestApi } from "./harness";

const slots = (keys: readonly string[]) => new Set(keys.map(redisClusterSlot));

describe("Redis Cluster slots of the ingest API's keys", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("cluster-slots");
  });
  afterAll(() => database.drop());

  it("put each script's keys in one slot under the default prefix", () => {
    const { REDIS_KEY_PREFIX } = loadIngestApiEnv({});
    const conversationId = "3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b";
    const collectorId = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    expect(slots(sessionSequencerKeys(REDIS_KEY_PREFIX, conversationId)).size).toBe(1);
    expect(slots(rateLimitKeys(REDIS_KEY_PREFIX, collectorId)).size).toBe(1);
    // Without a hash tag they would not share one (this is what the braces are for).
    expect(slots(sessionSequencerKeys("catsyphon", conversationId)).size).toBeGreaterThan(1);
  });

  it("leaves every key it writes (sequencing, rate limits, queue) in the hash tag's slot", async () => {
    const prefix = `cs_test_cluster_${randomBytes(4).toString("hex")}{api}`;
    const api = await startTestApi("cluster-slots", { REDIS_KEY_PREFIX: prefix }, { database });
    const redis = api.api.context.redis;
    const keysUnderPrefix = async () => {
      const keys: string[] = [];
      let cursor = "0";
      do {
        const [next, batchOfKeys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
        keys.push(...batchOfKeys);
        cursor = next;
      } while (cursor !== "0");
      return keys;
    };
    try {
      const collector = await registerCollector(api);
      const sent = await request(`${api.url}/collectors/events`, {
        headers: collectorHeaders(collector),
        body: batch("cluster-slots", 1, 3),
      });
      expect(sent.status).toBe(202);

      const keys = await keysUnderPrefix();
      expect(keys.some((key) => key.includes(":seq:"))).toBe(true);
      expect(keys.some((key) => key.includes(":rl:"))).toBe(true);
      expect(keys.some((key) => key.includes(":ingest:"))).toBe(true);
      expect(slots(keys)).toEqual(new Set([redisClusterSlot("api")]));
    } finally {
      const keys = await keysUnderPrefix();
      if (keys.length > 0) await redis.del(...keys);
      await api.close();
    }
  });
});
