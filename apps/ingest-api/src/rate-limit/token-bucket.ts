// Per-collector limits on requests and on events a minute, as two token buckets in Redis (shared by every API
// replica). Each bucket holds one minute's allowance and refills continuously, so a backfill runs at full speed
// while a runaway collector is held to the configured rate.
import { type RedisClient } from "@catsyphon/queue";
import { type LuaCommand, luaCommand } from "../redis/lua-command";

// KEYS: request bucket, event bucket. ARGV: request capacity, event capacity, event cost.
// A capacity of 0 turns that bucket off. Buckets are hashes {tokens, ts_ms}; time comes from Redis itself so
// replicas with skewed clocks agree. Returns {allowed, retry_after_ms, limiting (1 req, 2 events), remaining_req,
// remaining_events}.
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function load(key, capacity)
  local state = redis.call('HMGET', key, 'tokens', 'ts')
  local tokens = tonumber(state[1])
  local ts = tonumber(state[2])
  if tokens == nil then return capacity end
  local refilled = tokens + (now - ts) * capacity / 60000
  if refilled > capacity then refilled = capacity end
  return refilled
end
local costs = {1, tonumber(ARGV[3])}
local capacities = {tonumber(ARGV[1]), tonumber(ARGV[2])}
local levels = {0, 0}
local retry = 0
local limiting = 0
for i = 1, 2 do
  if capacities[i] > 0 then
    levels[i] = load(KEYS[i], capacities[i])
    -- A cost above the whole allowance is let through once the bucket is full, leaving it in debt.
    local needed = math.min(costs[i], capacities[i])
    if levels[i] < needed then
      local wait = math.ceil((needed - levels[i]) * 60000 / capacities[i])
      if wait > retry then retry = wait; limiting = i end
    end
  end
end
if retry > 0 then
  return {0, retry, limiting, math.floor(levels[1]), math.floor(levels[2])}
end
for i = 1, 2 do
  if capacities[i] > 0 then
    levels[i] = levels[i] - costs[i]
    redis.call('HSET', KEYS[i], 'tokens', tostring(levels[i]), 'ts', now)
    redis.call('PEXPIRE', KEYS[i], 120000)
  end
end
return {1, 0, 0, math.floor(levels[1]), math.floor(levels[2])}`;

/** A collector's request and event buckets, in KEYS order; they share the prefix and so, hash-tagged, a slot. */
export function rateLimitKeys(keyPrefix: string, collectorId: string): [string, string] {
  return [`${keyPrefix}:rl:req:${collectorId}`, `${keyPrefix}:rl:ev:${collectorId}`];
}

export interface RateLimitConfig {
  requestsPerMinute: number;
  eventsPerMinute: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  retryAfterMs: number;
  limitedBy: "requests" | "events" | null;
  headers: Record<string, string>;
}

export class CollectorRateLimiter {
  private readonly takeTokens: LuaCommand;

  constructor(
    redis: RedisClient,
    private readonly keyPrefix: string,
    private readonly config: RateLimitConfig,
  ) {
    this.takeTokens = luaCommand(redis, "catsyphonTakeRateLimitTokens", 2, SCRIPT);
  }

  get enabled(): boolean {
    return this.config.requestsPerMinute > 0 || this.config.eventsPerMinute > 0;
  }

  /** Takes one request and `events` events from the collector's buckets, or says how long to wait. */
  async take(collectorId: string, events: number): Promise<RateLimitDecision> {
    const { requestsPerMinute, eventsPerMinute } = this.config;
    const result = (await this.takeTokens(
      ...rateLimitKeys(this.keyPrefix, collectorId),
      String(requestsPerMinute),
      String(eventsPerMinute),
      String(events),
    )) as [number, number, number, number, number];
    const [allowed, retryAfterMs, limiting, requestsLeft, eventsLeft] = result;
    const limitedBy = limiting === 1 ? "requests" : limiting === 2 ? "events" : null;
    // Report the request bucket unless the events bucket is what stopped (or only it is on).
    const reportEvents = limitedBy === "events" || requestsPerMinute === 0;
    const limit = reportEvents ? eventsPerMinute : requestsPerMinute;
    const remaining = Math.max(0, reportEvents ? eventsLeft : requestsLeft);
    const headers: Record<string, string> = {
      "RateLimit-Limit": String(limit),
      "RateLimit-Remaining": String(remaining),
      "RateLimit-Reset": String(Math.ceil(retryAfterMs / 1000)),
      "RateLimit-Policy": `${limit};w=60`,
    };
    if (!allowed) headers["Retry-After"] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
    return { allowed: allowed === 1, retryAfterMs, limitedBy, headers };
  }
}
