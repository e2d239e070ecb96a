import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { testEnv } from "./env";

export interface TestRedis {
  url: string;
  /** Key prefix owned by this test file (also usable as a BullMQ prefix). */
  prefix: string;
  /** Deletes the keys under the prefix that match `pattern` (a Redis glob after the prefix); returns how many. */
  deleteKeys(pattern: string): Promise<number>;
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
  const deleteKeys = async (pattern: string): Promise<number> => {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    let deleted = 0;
    try {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}${pattern}`, "COUNT", 1000);
        cursor = next;
        if (keys.length > 0) deleted += await redis.unlink(...keys);
      } while (cursor !== "0");
    } finally {
      redis.disconnect();
    }
    return deleted;
  };
  return { url, prefix, deleteKeys, cleanup: async () => void (await deleteKeys("*")) };
}
