// The per-session "last accepted sequence", shared by every API replica through Redis. Postgres
// (conversations.last_event_sequence, written by the worker) is the fallback when Redis has lost the key.
import { type Redis } from "ioredis";
import { type LuaCommand, luaCommand } from "../redis/lua-command";

// Long enough that a queue backlog never outlives it, short enough that dead sessions do not pile up in Redis.
const KEY_TTL_SECONDS = 30 * 24 * 3600;

// Moves the counter from `expected` to `next` only if nobody moved it meanwhile (compare-and-set).
const ADVANCE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  return 1
end
return 0`;

export class SessionSequencer {
  private readonly compareAndSet: LuaCommand;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    /** The last sequence the database holds for a conversation, or null if it has no row yet. */
    private readonly persistedLastSequence: (conversationId: string) => Promise<number | null>,
  ) {
    this.compareAndSet = luaCommand(redis, "catsyphonAdvanceSequence", 1, ADVANCE_SCRIPT);
  }

  private key(conversationId: string): string {
    return `${this.keyPrefix}:seq:${conversationId}`;
  }

  /** Current last accepted sequence; seeds Redis from Postgres (or 0) when the key is missing. */
  async lastSequence(conversationId: string): Promise<number> {
    return (await this.cachedLastSequence(conversationId)) ?? this.seed(conversationId);
  }

  /** What Redis holds for the session, without falling back to Postgres; null when it has no counter. */
  async cachedLastSequence(conversationId: string): Promise<number | null> {
    const cached = await this.redis.get(this.key(conversationId));
    return cached === null ? null : Number(cached);
  }

  /** Puts the counter back into Redis from Postgres (or 0 for a new session) and returns it. */
  async seed(conversationId: string): Promise<number> {
    const key = this.key(conversationId);
    const persisted = (await this.persistedLastSequence(conversationId)) ?? 0;
    // NX: another replica may have seeded (or advanced) it meanwhile; its value wins.
    await this.redis.set(key, String(persisted), "EX", KEY_TTL_SECONDS, "NX");
    return Number((await this.redis.get(key)) ?? persisted);
  }

  /** What the counter says without seeding it; null when neither Redis nor Postgres knows the session. */
  async peek(conversationId: string): Promise<number | null> {
    return (await this.cachedLastSequence(conversationId)) ?? this.persistedLastSequence(conversationId);
  }

  /** Advances from `expected` to `next`; false when another request moved it first (the caller re-reads). */
  async advance(conversationId: string, expected: number, next: number): Promise<boolean> {
    const moved = await this.compareAndSet(
      this.key(conversationId),
      String(expected),
      String(next),
      String(KEY_TTL_SECONDS),
    );
    return moved === 1;
  }
}
