import { z } from "zod";
import { envShape, url } from "../fields";

/** Redis, for BullMQ queues and the shared rate-limit buckets. */
export const redisFragment = envShape({
  REDIS_URL: url(["redis", "rediss"]).default("redis://127.0.0.1:6379"),
  // Namespaces every key and queue, so several deployments (or test files) can share one Redis.
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^\S+$/, { error: "must not contain whitespace" })
    .max(64, { error: "must be at most 64 characters" })
    .default("catsyphon"),
});
