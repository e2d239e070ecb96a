import { type RedisClient } from "@catsyphon/queue";

export type LuaCommand = (...args: (string | number | Buffer)[]) => Promise<unknown>;

/**
 * A Lua script as a command of `redis` (ioredis defineCommand): it travels as EVALSHA, and its text only when
 * Redis does not have it cached (after a restart), instead of the whole script with every call.
 */
export function luaCommand(redis: RedisClient, name: string, numberOfKeys: number, lua: string): LuaCommand {
  if (typeof Reflect.get(redis, name) !== "function") redis.defineCommand(name, { numberOfKeys, lua });
  const command: unknown = Reflect.get(redis, name);
  if (typeof command !== "function") throw new Error(`ioredis did not define the command ${name}`);
  return (...args) => (command as LuaCommand).apply(redis, args);
}
