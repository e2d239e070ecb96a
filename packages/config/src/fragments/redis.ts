import { z } from "zod";
import { envShape, url } from "../fields";

/** Redis, for BullMQ queues and the shared rate-limit buckets. */
export const redisFragment = envShape({
  REDIS_URL: url(["redis", "rediss"]).default("redis://127.0.0.1:6379"),
  // Namespaces every key and queue, so several deployments (or test files) can share one Redis. The braces of the
  // default are a Redis Cluster hash tag: every key of a deployment lands in one slot, as BullMQ's and the ingest
  // API's multi-key scripts need in a cluster (decision 0064). Keep a "{...}" in any prefix used with a cluster.
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^\S+$/, { error: "must not contain whitespace" })
    .max(64, { error: "must be at most 64 characters" })
    .default("{catsyphon}"),
});
