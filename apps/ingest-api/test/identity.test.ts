// Event identity (decision 0024): a sequenced resubmission that differs from what the session holds is a
// session_conflict, never a silent duplicate; unsequenced batches are numbered by the server and deduplicated by
// event identity. Real API, Redis and queue.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type CollectorCredentials, type EventBatchAccepted } from "@catsyphon/protocol";
import { conversationIdFor } from "../src/sequencing/conversation-id";
import {
  collectorHeaders,
  queuedIngestJobs,
  registerCollector,
  request,
  startTestApi,
  type TestApi,
} from "./harness";

interface WireEvent {
  sequence?: number;
  type: string;
  emitted_at: string;
  observed_at: string;
  event_hash?: string;
  data: Record<string, unknown>;
}

/** Thinking events with distinct content per (tag, n); observed_at varies as a collector's would. */
function thoughts(tag: string, from: number, to: number, sequenced = true): WireEvent[] {
  const out: WireEvent[] = [];
  for (let n = from; n <= to; n++) {
    out.push({
      ...(sequenced ? { sequence: n } : {}),
      type: "thinking",
      emitted_at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
      observed_at: new Date().toISOString(),
      data: { content: `${tag} thought ${n}`, nested: { b: 1, a: [n] } },
    });
  }
  return out;
}

describe("event identity", () => {
  let api: TestApi;
  let collector: CollectorCredentials;
  let second: CollectorCredentials;

  beforeAll(async () => {
    api = await startTestApi("identity");
    collector = await registerCollector(api);
    second = await registerCollector(api);
  });
  afterAll(() => api.close());

  const submit = (session_id: string, events: WireEvent[], credentials = collector) =>
    request<EventBatchAccepted & Record<string, unknown>>(`${api.url}/collectors/events`, {
      headers: collectorHeaders(credentials),
      body: { session_id, events },
    });
  const jobsOf = async (sessionId: string) => {
    const conversationId = conversationIdFor(collector.workspace_id, sessionId);
    return (await queuedIngestJobs(api)).filter((job) => job.data.conversation_id === conversationId);
  };

  describe("sequenced", () => {
    it("answers 409 session_conflict at the first differing sequence and accepts nothing", async () => {
      expect((await submit("two-sources", thoughts("a", 1, 6))).status).toBe(202);
      // The second source shares the first two events, then differs; it also brings new ones (7, 8).
      const other = [...thoughts("a", 1, 2), ...thoughts("b", 3, 8)];
      const res = await submit("two-sources", other, second);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        error: "session_conflict",
        first_conflicting_sequence: 3,
        last_sequence: 6,
      });
      expect(res.body.message).toMatch(/sequence 3/);
      const jobs = await jobsOf("two-sources");
      expect(jobs.map((job) => job.data.last_sequence)).toEqual([6]);
      // The counter did not move: 7 is still next.
      expect((await submit("two-sources", thoughts("a", 7, 7))).body).toMatchObject({
        accepted: 1,
        last_sequence: 7,
      });
    });

    it("keeps identical resubmissions silent duplicates (observed_at and key order do not matter)", async () => {
      const events = thoughts("same", 1, 4);
      expect((await submit("resent", events)).status).toBe(202);
      const again = thoughts("same", 1, 5).map((event) => ({
        ...event,
        observed_at: "2030-01-01T00:00:00Z",
        data: {
          nested: { a: event.data.nested && (event.data.nested as { a: unknown }).a, b: 1 },
          content: event.data.content,
        },
      }));
      const res = await submit("resent", again);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ accepted: 1, duplicates: 4, last_sequence: 5 });
      expect(res.body.warnings).toHaveLength(1);
    });

    it("compares the collector's event_hash when it sends one", async () => {
      const hashed = thoughts("h", 1, 2).map((event, i) => ({ ...event, event_hash: `abc${i}` }));
      expect((await submit("hashed", hashed)).status).toBe(202);
      const sameHashes = thoughts("other content", 1, 2).map((event, i) => ({
        ...event,
        event_hash: `abc${i}`,
      }));
      expect((await submit("hashed", sameHashes)).body).toMatchObject({ accepted: 0, duplicates: 2 });
      const otherHash = hashed.map((event, i) => ({
        ...event,
        event_hash: i === 1 ? "def" : event.event_hash,
      }));
      expect((await submit("hashed", otherHash)).body).toMatchObject({
        error: "session_conflict",
        first_conflicting_sequence: 2,
      });
    });

    it("two sources racing for one range: one is accepted, the other conflicts, and the queue holds the winner", async () => {
      for (let round = 0; round < 10; round++) {
        const session = `race-${round}`;
        const [a, b] = await Promise.all([
          submit(session, thoughts("left", 1, 5)),
          submit(session, thoughts("right", 1, 5), second),
        ]);
        const statuses = [a.status, b.status].sort();
        expect(statuses).toEqual([202, 409]);
        const winner = a.status === 202 ? "left" : "right";
        const jobs = await jobsOf(session);
        expect(jobs).toHaveLength(1);
        expect(
          jobs[0]?.data.events.map((event: { data: { content: string } }) => event.data.content),
        ).toEqual(thoughts(winner, 1, 5).map((event) => event.data.content));
      }
    });
  });

  describe("unsequenced", () => {
    it("numbers new events in batch order and drops what the session holds, session_start included", async () => {
      const start: WireEvent = {
        type: "session_start",
        emitted_at: "2026-01-01T00:00:00Z",
        observed_at: "2026-01-01T00:00:01Z",
        data: { agent_type: "claude_code", agent_version: "1" },
      };
      const first = await submit("v2", [start, ...thoughts("v", 1, 3, false)]);
      expect(first.status).toBe(202);
      expect(first.body).toMatchObject({ accepted: 4, duplicates: 0, last_sequence: 4 });
      // A resend with a repeat inside the batch and two new events.
      const resend = [start, ...thoughts("v", 2, 5, false), ...thoughts("v", 5, 5, false)];
      const second = await submit("v2", resend);
      expect(second.status).toBe(202);
      expect(second.body).toMatchObject({ accepted: 2, duplicates: 4, last_sequence: 6 });
      const jobs = (await jobsOf("v2")).sort((x, y) => x.data.first_sequence - y.data.first_sequence);
      expect(jobs.map((job) => [job.data.first_sequence, job.data.last_sequence])).toEqual([
        [1, 4],
        [5, 6],
      ]);
      expect(
        jobs[1]?.data.events.map((event: { sequence: number; data: { content: string } }) => [
          event.sequence,
          event.data.content,
        ]),
      ).toEqual([
        [5, "v thought 4"],
        [6, "v thought 5"],
      ]);
      expect(jobs[1]?.data.event_hashes).toMatch(/^[0-9a-f]{64}$/);
    });

    it("knows the events of earlier sequenced batches of the session", async () => {
      expect((await submit("both-generations", thoughts("g", 1, 3))).status).toBe(202);
      const res = await submit("both-generations", thoughts("g", 1, 4, false));
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ accepted: 1, duplicates: 3, last_sequence: 4 });
      const again = await submit("both-generations", thoughts("g", 3, 5, false));
      expect(again.body).toMatchObject({ accepted: 1, duplicates: 2, last_sequence: 5 });
      // And a sequenced batch after them still compares against what the unsequenced ones recorded.
      expect((await submit("both-generations", thoughts("other", 5, 5))).body).toMatchObject({
        error: "session_conflict",
        first_conflicting_sequence: 5,
      });
    });

    it("takes the client's event_hash as given and never answers 409", async () => {
      const hashed = thoughts("x", 1, 3, false).map((event, i) => ({ ...event, event_hash: `f${i}` }));
      expect((await submit("v2-hashed", hashed)).body).toMatchObject({ accepted: 3 });
      const rewritten = thoughts("y", 1, 3, false).map((event, i) => ({ ...event, event_hash: `f${i}` }));
      const res = await submit("v2-hashed", rewritten);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ accepted: 0, duplicates: 3, last_sequence: 3 });
    });

    it("20 concurrent identical batches accept each event exactly once", async () => {
      const events = thoughts("crowd", 1, 30, false);
      const answers = await Promise.all(Array.from({ length: 20 }, () => submit("v2-crowd", events)));
      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(202));
      expect(answers.reduce((sum, answer) => sum + answer.body.accepted, 0)).toBe(30);
      expect(new Set(answers.map((answer) => answer.body.last_sequence))).toEqual(new Set([30]));
      const queued = (await jobsOf("v2-crowd")).flatMap((job) =>
        job.data.events.map(
          (event: { sequence: number; data: { content: string } }) =>
            `${event.sequence}:${event.data.content}`,
        ),
      );
      expect(new Set(queued)).toEqual(
        new Set(events.map((event, i) => `${i + 1}:${String(event.data.content)}`)),
      );
    });

    it("rejects a batch mixing sequenced and unsequenced events with 400 at the first that differs", async () => {
      const mixed = [...thoughts("m", 1, 2), ...thoughts("m", 3, 3, false)];
      const res = await submit("mixed", mixed);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.details)).toContain("events.2.sequence");
    });
  });
});
