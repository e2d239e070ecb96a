import "server-only";
// Failed sign-ins counted in Redis per account (its email's SHA-256, so no address sits in Redis) and per client
// address, in fixed windows of SIGN_IN_LIMIT_WINDOW_SECONDS; shared by every web process. While either count is at
// its limit, sign-in answers 429 with Retry-After (even with the right password, or the limit would not limit).
import { sha256Hex } from "@catsyphon/accounts";
import { redis, redisKey } from "./db";
import { webEnv } from "./env";

interface LimitKey {
  key: string;
  limit: number;
}

function keys(email: string, address: string): LimitKey[] {
  const env = webEnv();
  return [
    { key: redisKey("sign-in", "account", sha256Hex(email)), limit: env.SIGN_IN_LIMIT_PER_ACCOUNT },
    { key: redisKey("sign-in", "address", sha256Hex(address)), limit: env.SIGN_IN_LIMIT_PER_ADDRESS },
  ];
}

/** Seconds to wait when a limit is reached, else undefined. */
export async function signInBlockedFor(email: string, address: string): Promise<number | undefined> {
  const pipeline = redis().pipeline();
  const limits = keys(email, address);
  for (const { key } of limits) pipeline.get(key).pttl(key);
  const replies = (await pipeline.exec()) ?? [];
  let wait: number | undefined;
  limits.forEach(({ limit }, index) => {
    const count = Number(replies[index * 2]?.[1] ?? 0);
    const ttl = Number(replies[index * 2 + 1]?.[1] ?? -1);
    if (count >= limit) {
      const seconds = Math.max(
        1,
        Math.ceil((ttl > 0 ? ttl : webEnv().SIGN_IN_LIMIT_WINDOW_SECONDS * 1000) / 1000),
      );
      wait = Math.max(wait ?? 0, seconds);
    }
  });
  return wait;
}

export async function recordSignInFailure(email: string, address: string): Promise<void> {
  const window = webEnv().SIGN_IN_LIMIT_WINDOW_SECONDS;
  const pipeline = redis().pipeline();
  for (const { key } of keys(email, address)) pipeline.incr(key).expire(key, window, "NX");
  await pipeline.exec();
}

/** A successful sign-in clears its account's count (the address keeps its own). */
export async function clearAccountFailures(email: string): Promise<void> {
  await redis().del(redisKey("sign-in", "account", sha256Hex(email)));
}
