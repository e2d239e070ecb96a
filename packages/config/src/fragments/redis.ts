import { z } from "zod";
import { bool, envShape } from "../fields";

const REDIS_URL_ERROR =
  "must be a redis:// or rediss:// URL, or with REDIS_CLUSTER a comma-separated list of them";

function isRedisUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const parsed = new URL(value);
  return (parsed.protocol === "redis:" || parsed.protocol === "rediss:") && parsed.hostname !== "";
}

/** One redis:// or rediss:// URL, or a comma-separated list of them (a Redis Cluster's seed nodes). */
function isRedisUrlOrList(value: string): boolean {
  return isRedisUrl(value) || value.split(",").every((entry) => isRedisUrl(entry.trim()));
}

/**
 * The URLs of a REDIS_URL value. A single Redis has one (a comma in its password stays part of it); a cluster
 * takes a comma-separated list of seed nodes, whose passwords must then percent-encode any comma (%2C).
 */
export function splitRedisUrls(value: string, cluster: boolean): string[] {
  return cluster ? value.split(",").map((entry) => entry.trim()) : [value];
}

/**
 * The hash tag Redis Cluster hashes a key starting with `prefix` by: the text between its first "{" and the next
 * "}", when not empty. Undefined when the prefix has none (its keys would spread over the slots).
 */
export function redisHashTag(prefix: string): string | undefined {
  const open = prefix.indexOf("{");
  if (open === -1) return undefined;
  const close = prefix.indexOf("}", open + 1);
  if (close === -1 || close === open + 1) return undefined;
  return prefix.slice(open + 1, close);
}

/** Redis, for BullMQ queues and the shared rate-limit buckets. */
export const redisFragment = envShape({
  REDIS_URL: z
    .string()
    .refine(isRedisUrlOrList, { error: REDIS_URL_ERROR })
    .default("redis://127.0.0.1:6379"),
  // Talk the Redis Cluster protocol (follow MOVED/ASK redirects); REDIS_URL then lists seed nodes (decision 0070).
  REDIS_CLUSTER: bool().default(false),
  // Namespaces every key and queue, so several deployments (or test files) can share one Redis. The braces of the
  // default are a Redis Cluster hash tag: every key of a deployment lands in one slot, as BullMQ's and the ingest
  // API's multi-key scripts need in a cluster (decision 0064). With REDIS_CLUSTER a "{...}" is required.
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^\S+$/, { error: "must not contain whitespace" })
    .max(64, { error: "must be at most 64 characters" })
    .default("{catsyphon}"),
});

interface RedisSettings {
  REDIS_URL: string;
  REDIS_CLUSTER: boolean;
  REDIS_KEY_PREFIX: string;
}

/**
 * The checks across the Redis variables, for every app schema with the Redis fragment: several URLs only for a
 * cluster; in a cluster a prefix with a hash tag (else BullMQ's scripts fail with CROSSSLOT) and no database
 * number (a cluster has database 0 only).
 */
export function checkRedisSettings(env: RedisSettings, ctx: z.RefinementCtx): void {
  if (!env.REDIS_CLUSTER) {
    // (A value that is no URL at all already has its own complaint.)
    if (!isRedisUrl(env.REDIS_URL) && isRedisUrlOrList(env.REDIS_URL)) {
      ctx.addIssue({
        code: "custom",
        path: ["REDIS_URL"],
        message:
          "lists several URLs, which only a Redis Cluster takes: set REDIS_CLUSTER=true or give one URL",
      });
    }
    return;
  }
  if (redisHashTag(env.REDIS_KEY_PREFIX) === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["REDIS_KEY_PREFIX"],
      message:
        'must contain a hash tag such as "{catsyphon}" with REDIS_CLUSTER=true, so every key lands in one slot ' +
        "(multi-key scripts fail with CROSSSLOT otherwise)",
    });
  }
  const urls = splitRedisUrls(env.REDIS_URL, true);
  const withDatabase = urls.some((entry) => isRedisUrl(entry) && !/^\/?0?$/.test(new URL(entry).pathname));
  if (withDatabase) {
    ctx.addIssue({
      code: "custom",
      path: ["REDIS_URL"],
      message: "must not name a database with REDIS_CLUSTER=true (a cluster has database 0 only)",
    });
  }
}
