import "server-only";
// GET /api/v1/events as text/event-stream: a `retry:` hint, then events `conversation.created`,
// `conversation.updated` and `ingestion.failed` (id = the stream id to resume from with Last-Event-ID, or the
// `last_event_id` query parameter for clients that cannot set headers), heartbeat comments, and `resync` when the
// events after the client's id are no longer kept (refetch what is shown, then carry on from the resync's id).
import { createRedisConnection, type LiveEvent, redisClusterOptions } from "@catsyphon/queue";
import { redis } from "../db";
import { webEnv } from "../env";
import { logger } from "../logger";
import { type WorkspaceAccess } from "../route";
import { type LiveClient, LiveEventHub, type StreamEntry } from "./hub";
import { registeredHub } from "./shutdown";

/** How long a browser waits before reconnecting (the SSE `retry:` field). */
const RETRY_MS = 3_000;
/** Bytes a client may fall behind by before it is cut off (it reconnects and resumes). */
const MAX_BUFFERED_BYTES = 1 << 20;

export function liveEventHub(): LiveEventHub {
  return registeredHub(() => {
    const env = webEnv();
    return new LiveEventHub({
      openReader: () =>
        createRedisConnection(env.REDIS_URL, "worker", {
          name: "web-live-events",
          logger: logger(),
          ...redisClusterOptions(env),
        }),
      prefix: env.REDIS_KEY_PREFIX,
      commands: redis(),
      maxConnections: env.SSE_MAX_CONNECTIONS,
      maxPerPrincipal: env.SSE_MAX_CONNECTIONS_PER_PRINCIPAL,
      heartbeatMs: env.SSE_HEARTBEAT_SECONDS * 1000,
      logger: logger(),
    });
  });
}

/** The event's `data`: what the worker published, without the workspace (the stream is the workspace's). */
function dataOf(event: LiveEvent): Record<string, unknown> {
  const { type: _type, workspace_id: _workspace, ...data } = event;
  return data;
}

const principalKeyOf = (access: WorkspaceAccess) =>
  access.principal.kind === "session"
    ? `user:${access.principal.user.userId}`
    : `token:${access.principal.tokenId}`;

export function openEventStream(request: Request, access: WorkspaceAccess): Response {
  const hub = liveEventHub();
  const principalKey = principalKeyOf(access);
  const lastEventId =
    request.headers.get("last-event-id")?.trim() ||
    new URL(request.url).searchParams.get("last_event_id")?.trim() ||
    null;
  hub.admit(principalKey);

  const encoder = new TextEncoder();
  let client: LiveClient | undefined;
  // False once the stream is closed by either side: nothing may be enqueued after that.
  let open = true;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const write = (text: string): boolean => {
          if (!open) return false;
          controller.enqueue(encoder.encode(text));
          return (controller.desiredSize ?? 1) > 0;
        };
        client = {
          workspaceId: access.workspace.id,
          principalKey,
          deliver: (entry: StreamEntry) =>
            write(
              `id: ${entry.id}\nevent: ${entry.event.type}\ndata: ${JSON.stringify(dataOf(entry.event))}\n\n`,
            ),
          resync: (atId) =>
            void write(
              `id: ${atId}\nevent: resync\ndata: ${JSON.stringify({ reason: "events_trimmed" })}\n\n`,
            ),
          heartbeat: () => void write(`: heartbeat ${new Date().toISOString()}\n\n`),
          close: () => {
            if (!open) return;
            open = false;
            controller.close();
          },
        };
        write(`retry: ${RETRY_MS}\n: connected\n\n`);
        hub.attach(client, lastEventId);
      },
      cancel() {
        open = false;
        if (client) hub.detach(client);
      },
    },
    { highWaterMark: MAX_BUFFERED_BYTES, size: (chunk) => chunk.byteLength },
  );
  // The client went away (Next aborts the request's signal when the socket closes).
  request.signal.addEventListener("abort", () => client && hub.detach(client, true), { once: true });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: Next's compression (and proxies) must not buffer the stream.
      "Cache-Control": "no-cache, no-store, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
