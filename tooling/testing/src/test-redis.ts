import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { testEnv } from "./env";

export interface TestRedis {
  url: string;
  /** Key prefix owned by this test file (also usable as a BullMQ prefix). */
  prefix: string;
  /** Deletes every key under the prefix. */
  cleanup(): Promise<void>;
}

/** A Redis key prefix of this test file's own, so test files never see each other's keys or queues. */
export function createTestRedis(label = "test"): TestRedis {
  const safeLabel = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .slice(0, 24);
  const prefix = `cs_test_${safeLabel}_${randomBytes(5).toString("hex")}`;
  const url = testEnv.TEST_REDIS_URL;
  return {
    url,
    prefix,
    cleanup: async () => {
      const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
      await redis.connect();
      try {
        let cursor = "0";
        do {
          const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
          cursor = next;
          if (keys.length > 0) await redis.unlink(...keys);
        } while (cursor !== "0");
      } finally {
        redis.disconnect();
      }
    },
  };
}
