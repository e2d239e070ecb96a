// GET /api/v1/events against the real write path: sessions sent through the collector API (ingest API + worker,
// child processes) arrive as conversation.created then conversation.updated, only once their rows are readable
// through the read API; another workspace's never arrive; Last-Event-ID resumes with exactly the missed events,
// or a resync once they were trimmed; heartbeats; the connection caps answer 429.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createWorkspaceApiToken } from "@catsyphon/accounts";
import { liveEventsStreamKey } from "@catsyphon/queue";
import { eventually } from "@catsyphon/testing";
import { Redis } from "ioredis";
import { liveEventDataSchemas } from "../src/features/events/schemas";
import { body, TestClient } from "./support/client";
import { PASSWORD, workspaceWithMembers } from "./support/fixtures";
import { type EventStream, openEventStream } from "./support/sse";
import { type CollectorKey, sendBatch, sessionEvents, type Stack, startStack } from "./support/stack";

let stack: Stack;
type Team = Awaited<ReturnType<typeof workspaceWithMembers>>;
let a: Team;
let b: Team;
let viewerA: TestClient;
let collectorA: CollectorKey;
let collectorB: CollectorKey;
const opened: EventStream[] = [];

async function signedIn(email: string): Promise<TestClient> {
  const client = new TestClient(stack.web.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(200);
  return client;
}

async function createCollector(team: Team, name: string): Promise<CollectorKey> {
  const admin = await signedIn(team.users.admin.email);
  const response = await admin.post("/api/v1/collectors", { json: { name } });
  expect(response.status).toBe(201);
  return body<CollectorKey>(response);
}

/** A stream as the dashboard opens it: with the viewer's session cookie (EventSource sends cookies). */
async function viewerStream(lastEventId?: string): Promise<EventStream> {
  const cookie = [...viewerA.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  const stream = await openEventStream(`${stack.web.url}/api/v1/events`, {
    headers: { cookie },
    lastEventId,
  });
  opened.push(stream);
  return stream;
}

const forConversation = (id: string) => (event: { data: Record<string, unknown> }) =>
  event.data.conversation_id === id;

beforeAll(async () => {
  stack = await startStack("web-events", {
    SSE_HEARTBEAT_SECONDS: "1",
    SSE_MAX_CONNECTIONS_PER_PRINCIPAL: "3",
    SSE_MAX_CONNECTIONS: "8",
  });
  a = await workspaceWithMembers(stack.prisma, "Events A");
  b = await workspaceWithMembers(stack.prisma, "Events B");
  viewerA = await signedIn(a.users.viewer.email);
  collectorA = await createCollector(a, "laptop");
  collectorB = await createCollector(b, "other team");
});

afterAll(async () => {
  for (const stream of opened) stream.close();
  await stack?.close();
});

describe("GET /api/v1/events", () => {
  let resumeFrom = "";

  it("sends created then updated after the rows are committed, and nothing of another workspace", async () => {
    const stream = await viewerStream();
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await stream.waitFor(() => stream.retry !== undefined);
    expect(stream.retry).toBe(3000);

    // B's session first, fully written before A's events: if B's events reached A, they would come first.
    const sentB = await sendBatch(stack.api, collectorB, "b-session", sessionEvents(1, 4, 4));
    expect(sentB.status).toBe(202);
    const conversationB = String(sentB.body.conversation_id);
    await eventually(() =>
      stack.prisma.conversation.findFirst({ where: { id: conversationB, status: "completed" } }),
    );

    const first = await sendBatch(stack.api, collectorA, "a-session", sessionEvents(1, 3));
    expect(first.status).toBe(202);
    const conversationA = String(first.body.conversation_id);
    const created = await stream.next(forConversation(conversationA));
    // The moment the event is here, the conversation reads back through the API with what the event says.
    const detail = await viewerA.get(`/api/v1/conversations/${conversationA}`);
    expect(detail.status).toBe(200);
    expect(await body(detail)).toMatchObject({ id: conversationA, message_count: 2, status: "active" });
    expect(created).toMatchObject({
      event: "conversation.created",
      data: {
        conversation_id: conversationA,
        parent_conversation_id: null,
        status: "active",
        last_sequence: 3,
      },
    });
    expect(liveEventDataSchemas["conversation.created"].parse(created.data)).toEqual(created.data);
    expect(created.id).toMatch(/^\d+-\d+$/);

    const second = await sendBatch(stack.api, collectorA, "a-session", sessionEvents(4, 6, 6));
    expect(second.status).toBe(202);
    const updated = await stream.next(
      (e) => forConversation(conversationA)(e) && e.event === "conversation.updated",
    );
    expect(updated.data).toEqual({
      conversation_id: conversationA,
      parent_conversation_id: null,
      status: "completed",
      last_sequence: 6,
    });
    const after = await body(await viewerA.get(`/api/v1/conversations/${conversationA}`));
    expect(after).toMatchObject({ status: "completed", message_count: 4 });

    expect(stream.events.map((e) => [e.event, e.data.conversation_id])).toEqual([
      ["conversation.created", conversationA],
      ["conversation.updated", conversationA],
    ]);
    expect(JSON.stringify(stream.events)).not.toContain(conversationB);
    expect(JSON.stringify(stream.events)).not.toContain(a.workspace.id);
    resumeFrom = created.id ?? "";
    stream.close();
  });

  it("resumes from Last-Event-ID with exactly the events missed", async () => {
    // A witness stays connected throughout; the resumed stream must get exactly what the witness got after the id.
    const witness = await viewerStream();
    await witness.waitFor(() => witness.retry !== undefined);
    const sent = await sendBatch(stack.api, collectorA, "a-second", sessionEvents(1, 3));
    const conversation = String(sent.body.conversation_id);
    await sendBatch(stack.api, collectorB, "b-second", sessionEvents(1, 3));
    await witness.next(forConversation(conversation));
    await sendBatch(stack.api, collectorA, "a-second", sessionEvents(4, 5, 5));
    await witness.next((e) => forConversation(conversation)(e) && e.event === "conversation.updated");

    const resumed = await viewerStream(resumeFrom);
    // Everything after resumeFrom: the first test's update, then this test's two events.
    await resumed.waitFor(() => resumed.events.length >= 3);
    const ids = (events: typeof resumed.events) => events.map((e) => [e.id, e.event, e.data.conversation_id]);
    expect(ids(resumed.events)).toEqual([
      [expect.any(String), "conversation.updated", expect.any(String)],
      ...ids(witness.events),
    ]);
    // And then live: a new event reaches both once.
    await sendBatch(stack.api, collectorA, "a-third", sessionEvents(1, 2));
    await resumed.next(
      (e) => e.event === "conversation.created" && e.data.conversation_id !== conversation,
      20_000,
      3,
    );
    await witness.waitFor(() => witness.events.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(ids(resumed.events).slice(1)).toEqual(ids(witness.events));
    resumeFrom = resumed.lastEventId() ?? "";
    witness.close();
    resumed.close();
  });

  it("sends resync when the missed events were trimmed away, then carries on live", async () => {
    const redis = new Redis(stack.web.redis.url);
    try {
      const key = liveEventsStreamKey(stack.web.redis.prefix);
      await sendBatch(stack.api, collectorA, "a-fourth", sessionEvents(1, 2));
      await eventually(async () => {
        const [last] = await redis.xrevrange(key, "+", "-", "COUNT", 1);
        return last !== undefined && last[0] !== resumeFrom;
      });
      // What LIVE_EVENTS_MAX_LENGTH does over time, at once: only the newest entry is kept.
      await redis.xtrim(key, "MAXLEN", 1);
      const stale = await viewerStream(resumeFrom);
      const resync = await stale.next((e) => e.event === "resync");
      expect(resync.data).toEqual({ reason: "events_trimmed" });
      expect(resync.id).toMatch(/^\d+-\d+$/);
      // Nothing from before the resync is replayed; new events follow.
      const sent = await sendBatch(stack.api, collectorA, "a-fifth", sessionEvents(1, 2));
      const live = await stale.next(forConversation(String(sent.body.conversation_id)));
      expect(live.event).toBe("conversation.created");
      expect(stale.events.map((e) => e.event)).toEqual(["resync", "conversation.created"]);

      // An id that is not a stream id, or one from a stream that was reset, gets a resync too.
      const garbage = await viewerStream("not-an-id");
      await garbage.next((e) => e.event === "resync");
      stale.close();
      garbage.close();
    } finally {
      redis.disconnect();
    }
  });

  it("sends heartbeat comments", async () => {
    const stream = await viewerStream();
    await stream.waitFor(() => stream.comments.some((comment) => comment.startsWith("heartbeat")), 5_000);
    stream.close();
  });

  it("works with a Bearer token, answers 429 beyond the caps, and frees a slot when a client leaves", async () => {
    const tokens = await Promise.all(
      ["one", "two", "three"].map(
        async (name) =>
          (
            await createWorkspaceApiToken(stack.prisma, {
              workspaceId: a.workspace.id,
              name,
              scopes: ["read"],
              expiresAt: null,
            })
          ).token,
      ),
    );
    const asToken = async (token: string) => {
      const stream = await openEventStream(`${stack.web.url}/api/v1/events`, {
        headers: { authorization: `Bearer ${token}` },
      });
      opened.push(stream);
      return stream;
    };
    // Earlier tests' streams are closed; the server notices the disconnects.
    const [one, two, three] = tokens as [string, string, string];
    const first = await eventually(async () => {
      const stream = await asToken(one);
      return stream.status === 200 ? stream : (stream.close(), undefined);
    });
    const more = [await asToken(one), await asToken(one)];
    expect(more.map((s) => s.status)).toEqual([200, 200]);
    const refused = await asToken(one);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("10");
    expect(await refused.errorBody()).toMatchObject({ error: "rate_limited" });

    // Per process: 8 in all (3 of `one` open).
    const others = [await asToken(two), await asToken(two), await asToken(two), await asToken(three)];
    expect(others.map((s) => s.status)).toEqual([200, 200, 200, 200]);
    const full = [await asToken(three)];
    const viewer = await viewerStream();
    expect(full.map((s) => s.status)).toEqual([200]);
    expect(viewer.status).toBe(429);

    // A client that leaves gives its slot back.
    first.close();
    const again = await eventually(async () => {
      const stream = await asToken(one);
      return stream.status === 200 ? stream : (stream.close(), undefined);
    });
    expect(again.status).toBe(200);
    for (const stream of [again, ...more, ...others, ...full]) stream.close();

    // Without credentials: 401 in the one error shape.
    const anonymous = await openEventStream(`${stack.web.url}/api/v1/events`);
    expect(anonymous.status).toBe(401);
  });
});

describe("shutting down", () => {
  it("ends open streams on SIGTERM instead of waiting for them", async () => {
    const stream = await viewerStream();
    await stream.waitFor(() => stream.retry !== undefined);
    const started = Date.now();
    await stack.web.stop();
    await stream.waitFor(() => stream.ended(), 10_000);
    // The drain timeout is 10 s; closing the streams first lets the server stop at once.
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(stack.web.output()).not.toMatch(/"level":50/);
  });
});
