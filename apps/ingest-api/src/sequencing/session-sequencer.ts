// The per-session sequencing state, shared by every API replica through Redis (decisions 0007 and 0024): the last
// accepted sequence, and the identity of every accepted event (16 bytes each, event-identity.ts). Postgres
// (conversations.last_event_sequence and event_identities, written by the worker) is the fallback when Redis has
// lost them.
import { type RedisClient } from "@catsyphon/queue";
import { type LuaCommand, luaCommand } from "../redis/lua-command";
import { IDENTITY_BYTES } from "./event-identity";

// Long enough that a queue backlog never outlives it, short enough that dead sessions do not pile up in Redis.
const KEY_TTL_SECONDS = 30 * 24 * 3600;

// KEYS: counter, identities by sequence (one string, 16 bytes at (sequence - 1) * 16; zeros = unknown), index
// (hash: identity -> sequence). The index exists only for sessions that received an unsequenced batch: it costs
// several times the string per event, and sequenced batches need only the string. Shared by the scripts below.
const LUA_PRELUDE = `
local W = ${IDENTITY_BYTES}
local ZERO = string.rep('\\0', W)
local function index(entries)
  for i = 1, #entries, 1000 do redis.call('HSET', KEYS[3], unpack(entries, i, math.min(i + 999, #entries))) end
end
local function record(blob, from, count, firstSequence, ttl, last, indexed)
  redis.call('SETRANGE', KEYS[2], (firstSequence - 1) * W, string.sub(blob, (from - 1) * W + 1, (from - 1 + count) * W))
  if indexed then
    local entries = {}
    for i = 0, count - 1 do
      entries[#entries + 1] = string.sub(blob, (from - 1 + i) * W + 1, (from + i) * W)
      entries[#entries + 1] = firstSequence + i
    end
    index(entries)
    redis.call('EXPIRE', KEYS[3], ttl)
  end
  redis.call('SET', KEYS[1], last, 'EX', ttl)
  redis.call('EXPIRE', KEYS[2], ttl)
end
`;

// A sequenced batch, atomically: duplicates (at or below the counter) must carry the identity held at their
// sequence (else 'conflict'; an unknown one, zeros, is taken as a duplicate), the rest must continue the counter
// (else 'gap'); the new events' identities are recorded with the counter. ARGV: ttl, identities, first sequence,
// the sequences as "1,2,5" when they are not first, first+1, ... (else "").
// Returns {'seed'} | {'gap', last} | {'conflict', sequence, last} | {'ok', last, accepted, flags}; flags has one
// letter per event: n(ew), i(dentical duplicate), u(nknown duplicate).
const SEQUENCED_SCRIPT = `${LUA_PRELUDE}
local last = redis.call('GET', KEYS[1])
if not last then return {'seed'} end
last = tonumber(last)
local blob = ARGV[2]
local n = #blob / W
local seqs = {}
if ARGV[4] == '' then
  local first = tonumber(ARGV[3])
  for i = 1, n do seqs[i] = first + i - 1 end
else
  local i = 0
  for s in string.gmatch(ARGV[4], '%d+') do i = i + 1; seqs[i] = tonumber(s) end
end
local nextSequence = last + 1
local firstNew = 0
local flags = {}
for i = 1, n do
  local s = seqs[i]
  if s <= last then
    local held = redis.call('GETRANGE', KEYS[2], (s - 1) * W, s * W - 1)
    if #held == W and held ~= ZERO then
      if held ~= string.sub(blob, (i - 1) * W + 1, i * W) then return {'conflict', s, last} end
      flags[i] = 'i'
    else
      flags[i] = 'u'
    end
  elseif s == nextSequence then
    if firstNew == 0 then firstNew = i end
    nextSequence = nextSequence + 1
    flags[i] = 'n'
  else
    return {'gap', last}
  end
end
local accepted = nextSequence - 1 - last
if accepted > 0 then
  record(blob, firstNew, accepted, last + 1, ARGV[1], nextSequence - 1, redis.call('EXISTS', KEYS[3]) == 1)
end
return {'ok', last, accepted, table.concat(flags)}`;

// An unsequenced batch, atomically: events whose identity the session holds (or that repeat an earlier event of
// the batch) are duplicates; the others get the next sequences in batch order and are recorded with the counter.
// ARGV: ttl, identities. Returns {'seed'} | {'ok', last, accepted, s1, ..., sn}: per event its sequence, negative
// for a duplicate (minus the sequence it already has).
const UNSEQUENCED_SCRIPT = `${LUA_PRELUDE}
local last = redis.call('GET', KEYS[1])
if not last then return {'seed'} end
last = tonumber(last)
if last > 0 and redis.call('EXISTS', KEYS[3]) == 0 then
  -- The session's first unsequenced batch: index the identities it holds by sequence.
  local held = redis.call('GET', KEYS[2]) or ''
  local entries = {}
  for i = 1, math.min(last, #held / W) do
    local id = string.sub(held, (i - 1) * W + 1, i * W)
    if id ~= ZERO then
      entries[#entries + 1] = id
      entries[#entries + 1] = i
    end
  end
  if #entries > 0 then
    index(entries)
    redis.call('EXPIRE', KEYS[3], ARGV[1])
  end
end
local blob = ARGV[2]
local n = #blob / W
local ids = {}
for i = 1, n do ids[i] = string.sub(blob, (i - 1) * W + 1, i * W) end
local held = redis.call('HMGET', KEYS[3], unpack(ids))
local out = {'ok', last, 0}
local inBatch = {}
local fresh = {}
local nextSequence = last + 1
for i = 1, n do
  local id = ids[i]
  local s = inBatch[id]
  if s then
    out[3 + i] = -math.abs(s)
  elseif held[i] then
    s = -tonumber(held[i])
    inBatch[id] = s
    out[3 + i] = s
  else
    s = nextSequence
    nextSequence = nextSequence + 1
    inBatch[id] = s
    fresh[#fresh + 1] = id
    out[3 + i] = s
  end
end
local accepted = nextSequence - 1 - last
if accepted > 0 then record(table.concat(fresh), 1, accepted, last + 1, ARGV[1], nextSequence - 1, true) end
out[3] = accepted
return out`;

// Puts a session's state back from Postgres unless another request did meanwhile (its state wins); the index is
// built again by the first unsequenced batch. ARGV: ttl, last sequence, identities by sequence (zeros where unknown).
const SEED_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[1])
if #ARGV[3] > 0 then redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[1]) end
return 1`;

/**
 * The three keys one session's scripts touch, in KEYS order. They share the prefix, so with a hash-tagged prefix
 * (the default) they share a Redis Cluster slot, as a multi-key script needs.
 */
export function sessionSequencerKeys(keyPrefix: string, conversationId: string): [string, string, string] {
  return [
    `${keyPrefix}:seq:${conversationId}`,
    `${keyPrefix}:seqid:${conversationId}`,
    `${keyPrefix}:evid:${conversationId}`,
  ];
}

/** What Postgres holds of a session: its last sequence and the identities of sequence ranges it wrote. */
export interface PersistedSession {
  lastSequence: number;
  /** `identities` holds 16 bytes per sequence from `firstSequence` on. */
  ranges: readonly { firstSequence: number; identities: Buffer }[];
}

export type SequencedOutcome =
  | { kind: "gap"; lastSequence: number }
  | { kind: "conflict"; sequence: number; lastSequence: number }
  | {
      kind: "accept";
      previousLastSequence: number;
      lastSequence: number;
      accepted: number;
      /** Per event: new, identical duplicate, or duplicate whose identity the session does not know. */
      flags: readonly ("n" | "i" | "u")[];
    };

export interface UnsequencedOutcome {
  previousLastSequence: number;
  lastSequence: number;
  accepted: number;
  /** Per event: its sequence in the session; negative for a duplicate (minus the sequence it already has). */
  sequences: readonly number[];
}

export class SessionSequencer {
  private readonly sequencedCommand: LuaCommand;
  private readonly unsequencedCommand: LuaCommand;
  private readonly seedCommand: LuaCommand;

  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix: string,
    /** What the database holds for a conversation, or null if it has no row yet. */
    private readonly persisted: (conversationId: string) => Promise<PersistedSession | null>,
  ) {
    this.sequencedCommand = luaCommand(redis, "catsyphonSequencedBatch", 3, SEQUENCED_SCRIPT);
    this.unsequencedCommand = luaCommand(redis, "catsyphonUnsequencedBatch", 3, UNSEQUENCED_SCRIPT);
    this.seedCommand = luaCommand(redis, "catsyphonSeedSession", 3, SEED_SCRIPT);
  }

  private keys(conversationId: string): [string, string, string] {
    return sessionSequencerKeys(this.keyPrefix, conversationId);
  }

  /** What Redis holds for the session, without falling back to Postgres; null when it has no counter. */
  async cachedLastSequence(conversationId: string): Promise<number | null> {
    const cached = await this.redis.get(this.keys(conversationId)[0]);
    return cached === null ? null : Number(cached);
  }

  /** Puts the session's state back into Redis from Postgres (or an empty one for a new session). */
  async seed(conversationId: string): Promise<void> {
    const persisted = await this.persisted(conversationId);
    const last = persisted?.lastSequence ?? 0;
    const identities = Buffer.alloc(persisted && persisted.ranges.length > 0 ? last * IDENTITY_BYTES : 0);
    for (const range of persisted?.ranges ?? []) {
      const offset = (range.firstSequence - 1) * IDENTITY_BYTES;
      if (offset >= identities.length) continue;
      range.identities.copy(
        identities,
        offset,
        0,
        Math.min(range.identities.length, identities.length - offset),
      );
    }
    await this.seedCommand(...this.keys(conversationId), KEY_TTL_SECONDS, last, identities);
  }

  /** What the counter says without seeding it; null when neither Redis nor Postgres knows the session. */
  async peek(conversationId: string): Promise<number | null> {
    return (
      (await this.cachedLastSequence(conversationId)) ??
      (await this.persisted(conversationId))?.lastSequence ??
      null
    );
  }

  /** Decides and records a sequenced batch (`sequences` ascending, one identity per event) in one step. */
  async submitSequenced(
    conversationId: string,
    sequences: readonly number[],
    identities: Buffer,
  ): Promise<SequencedOutcome> {
    const first = sequences[0] ?? 1;
    const contiguous = sequences.every((sequence, index) => sequence === first + index);
    const reply = await this.withSeed(conversationId, () =>
      this.sequencedCommand(
        ...this.keys(conversationId),
        KEY_TTL_SECONDS,
        identities,
        first,
        contiguous ? "" : sequences.join(","),
      ),
    );
    const [kind, a, b, c] = reply;
    if (kind === "gap") return { kind: "gap", lastSequence: Number(a) };
    if (kind === "conflict") return { kind: "conflict", sequence: Number(a), lastSequence: Number(b) };
    const previous = Number(a);
    const accepted = Number(b);
    return {
      kind: "accept",
      previousLastSequence: previous,
      lastSequence: previous + accepted,
      accepted,
      flags: [...String(c ?? "")] as ("n" | "i" | "u")[],
    };
  }

  /** Numbers the new events of an unsequenced batch and drops the ones the session holds, in one step. */
  async submitUnsequenced(conversationId: string, identities: Buffer): Promise<UnsequencedOutcome> {
    const reply = await this.withSeed(conversationId, () =>
      this.unsequencedCommand(...this.keys(conversationId), KEY_TTL_SECONDS, identities),
    );
    const previous = Number(reply[1]);
    const accepted = Number(reply[2]);
    return {
      previousLastSequence: previous,
      lastSequence: previous + accepted,
      accepted,
      sequences: reply.slice(3).map(Number),
    };
  }

  /** Runs a script; when it finds no state in Redis, seeds it from Postgres and runs it again. */
  private async withSeed(conversationId: string, run: () => Promise<unknown>): Promise<unknown[]> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const reply = await run();
      if (!Array.isArray(reply)) throw new Error("unexpected reply from a sequencing script");
      if (reply[0] !== "seed") return reply as unknown[];
      await this.seed(conversationId);
    }
    throw new Error("the session's sequencing state vanished from Redis while it was being seeded");
  }
}
