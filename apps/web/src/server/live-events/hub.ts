import "server-only";
// The live-event hub of one web process (decision 0037): ONE Redis connection reads the worker's live-event stream
// (XREAD BLOCK) and hands each event to this process's clients of its workspace. Clients that resume
// (Last-Event-ID) first get what they missed from the stream (XRANGE, on the ordinary command connection) while
// live events for them wait, so nothing is lost or sent twice across the switch. Bounded: at most
// SSE_MAX_CONNECTIONS streams per process and SSE_MAX_CONNECTIONS_PER_PRINCIPAL per user or token (429), a slow
// client is cut off (it reconnects and resumes), every stream ends after MAX_STREAM_MS (re-authenticated on
// reconnect), and close() ends them all (SIGTERM).
import { type Logger } from "@catsyphon/logger";
import { type LiveEvent, liveEventsStreamKey, parseLiveEntry, type RedisClient } from "@catsyphon/queue";
import { HttpError } from "../http";
import { compareStreamIds, isStreamId } from "./stream-ids";
import { mayHaveMissed, streamState } from "./stream-info";

export interface StreamEntry {
  id: string;
  event: LiveEvent;
}

/** One open stream, as the hub sees it (response.ts writes the bytes). */
export interface LiveClient {
  readonly workspaceId: string;
  readonly principalKey: string;
  /** Writes an event; false when the client is too far behind to keep (it is then closed). */
  deliver(entry: StreamEntry): boolean;
  resync(atId: string): void;
  heartbeat(): void;
  close(): void;
}

interface Attached {
  client: LiveClient;
  /** Live events that arrived while the client catches up; null once it is live. */
  pending: StreamEntry[] | null;
  expiry: NodeJS.Timeout;
}

export interface HubOptions {
  /**
   * Opens the reader's own connection (XREAD BLOCK holds it), one that waits out Redis outages: a "worker"
   * connection of createRedisConnection. The hub closes it.
   */
  openReader: () => RedisClient;
  prefix: string;
  /** The process's ordinary command connection (XINFO, XRANGE). */
  commands: RedisClient;
  maxConnections: number;
  maxPerPrincipal: number;
  heartbeatMs: number;
  logger: Logger;
}

const READ_BLOCK_MS = 5_000;
const READ_COUNT = 500;
const REPLAY_PAGE = 500;
/** A client that missed more of its workspace's events than this refetches instead (resync). */
const MAX_REPLAY = 5_000;
/** Streams end after about this long, so a revoked session or token does not keep one open for ever. */
const MAX_STREAM_MS = 30 * 60_000;

export class LiveEventHub {
  private readonly clients = new Map<LiveClient, Attached>();
  private readonly perPrincipal = new Map<string, number>();
  private reserved = 0;
  private reader: RedisClient | undefined;
  private reading: Promise<void> | undefined;
  private cursor: string | undefined;
  private heartbeats: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly key: string;

  constructor(private readonly options: HubOptions) {
    this.key = liveEventsStreamKey(options.prefix);
  }

  get connectionCount(): number {
    return this.reserved;
  }

  /** Takes a slot for a new stream, or answers 429; give it back with release() if the stream never opens. */
  admit(principalKey: string): void {
    if (this.closed) {
      throw new HttpError("service_unavailable", "The server is shutting down", {
        headers: { "Retry-After": "5" },
      });
    }
    const mine = this.perPrincipal.get(principalKey) ?? 0;
    if (this.reserved >= this.options.maxConnections || mine >= this.options.maxPerPrincipal) {
      throw new HttpError(
        "rate_limited",
        this.reserved >= this.options.maxConnections
          ? "Too many live-update streams on this server; try again shortly"
          : "Too many live-update streams open for you; close one first",
        { headers: { "Retry-After": "10" } },
      );
    }
    this.reserved += 1;
    this.perPrincipal.set(principalKey, mine + 1);
  }

  release(principalKey: string): void {
    this.reserved = Math.max(0, this.reserved - 1);
    const mine = (this.perPrincipal.get(principalKey) ?? 1) - 1;
    if (mine <= 0) this.perPrincipal.delete(principalKey);
    else this.perPrincipal.set(principalKey, mine);
  }

  /** Starts delivering to an admitted client; with lastEventId, after what it missed. */
  attach(client: LiveClient, lastEventId: string | null): void {
    const expiry = setTimeout(() => this.detach(client, true), MAX_STREAM_MS + Math.random() * 60_000);
    expiry.unref();
    this.clients.set(client, { client, pending: lastEventId === null ? null : [], expiry });
    this.startReading();
    if (lastEventId !== null) void this.catchUp(client, lastEventId);
  }

  /** Forgets a client (disconnected, too slow, expired, or shut down); idempotent. */
  detach(client: LiveClient, closeIt = false): void {
    const attached = this.clients.get(client);
    if (!attached) return;
    this.clients.delete(client);
    clearTimeout(attached.expiry);
    this.release(client.principalKey);
    if (closeIt) client.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.heartbeats) clearInterval(this.heartbeats);
    for (const client of [...this.clients.keys()]) this.detach(client, true);
    this.reader?.disconnect();
    await this.reading?.catch(() => undefined);
  }

  private startReading(): void {
    if (this.reading || this.closed) return;
    // Its own connection: XREAD BLOCK holds it. Waits out Redis outages (commands queue until it is back).
    this.reader = this.options.openReader();
    this.heartbeats = setInterval(() => {
      for (const { client } of this.clients.values()) client.heartbeat();
    }, this.options.heartbeatMs);
    this.heartbeats.unref();
    this.reading = this.read();
  }

  private async read(): Promise<void> {
    const reader = this.reader;
    if (!reader) return;
    let failing = false;
    while (!this.closed) {
      try {
        if (this.cursor === undefined) {
          // Start at the stream's end: resuming clients read what came before from the stream themselves.
          const [last] = await this.options.commands.xrevrange(this.key, "+", "-", "COUNT", 1);
          this.cursor = last?.[0] ?? "0-0";
        }
        const reply = await reader.xread(
          "COUNT",
          READ_COUNT,
          "BLOCK",
          READ_BLOCK_MS,
          "STREAMS",
          this.key,
          this.cursor,
        );
        failing = false;
        for (const [, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            this.cursor = id;
            const event = parseLiveEntry(fields);
            if (event) this.dispatch({ id, event });
          }
        }
      } catch (error) {
        if (this.closed) break;
        if (!failing) this.options.logger.warn({ err: error }, "could not read live events; retrying");
        failing = true;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  private dispatch(entry: StreamEntry): void {
    for (const attached of this.clients.values()) {
      if (attached.client.workspaceId !== entry.event.workspace_id) continue;
      if (attached.pending) attached.pending.push(entry);
      else if (!attached.client.deliver(entry)) this.detach(attached.client, true);
    }
  }

  /** Sends what the client missed since lastEventId (or a resync), then the live events that waited. */
  private async catchUp(client: LiveClient, lastEventId: string): Promise<void> {
    try {
      let sentUpTo = lastEventId;
      const missed = isStreamId(lastEventId) ? await this.missedSince(client.workspaceId, lastEventId) : null;
      if (missed === null) {
        const state = await streamState(this.options.commands, this.key);
        sentUpTo = state.lastGeneratedId;
        client.resync(sentUpTo);
      } else {
        for (const entry of missed) {
          if (!client.deliver(entry)) return this.detach(client, true);
          sentUpTo = entry.id;
        }
      }
      const attached = this.clients.get(client);
      if (!attached?.pending) return;
      const waiting = attached.pending;
      attached.pending = null;
      for (const entry of waiting) {
        if (compareStreamIds(entry.id, sentUpTo) <= 0) continue;
        if (!client.deliver(entry)) return this.detach(client, true);
      }
    } catch (error) {
      // Redis away: the client reconnects (after its retry hint) and resumes from the same id.
      this.options.logger.warn({ err: error }, "could not replay live events");
      this.detach(client, true);
    }
  }

  /** The workspace's entries after lastEventId; null when some may be gone (or too many): resync. */
  private async missedSince(workspaceId: string, lastEventId: string): Promise<StreamEntry[] | null> {
    const state = await streamState(this.options.commands, this.key);
    if (mayHaveMissed(state, lastEventId)) return null;
    const missed: StreamEntry[] = [];
    let from = lastEventId;
    for (;;) {
      const page = await this.options.commands.xrange(this.key, `(${from}`, "+", "COUNT", REPLAY_PAGE);
      for (const [id, fields] of page) {
        const event = parseLiveEntry(fields);
        if (event?.workspace_id === workspaceId) missed.push({ id, event });
      }
      if (missed.length > MAX_REPLAY) return null;
      const last = page.at(-1);
      if (!last || page.length < REPLAY_PAGE) break;
      from = last[0];
    }
    // Trimmed while we read: the oldest part may be gone.
    if (mayHaveMissed(await streamState(this.options.commands, this.key), lastEventId)) return null;
    return missed;
  }
}
