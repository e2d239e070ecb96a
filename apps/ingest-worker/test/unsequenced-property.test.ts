// The unsequenced mode of POST /collectors/events (issue 12, decision 0024) through the real API and worker: a
// session sent as random splits, with resends, duplicates inside and across batches, by concurrent senders, with
// Redis losing everything in the middle, ends with exactly the rows of one clean send.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type CollectorCredentials } from "@catsyphon/protocol";
import { startIngestApiProcess, type IngestApiProcess } from "@catsyphon/testing";
import { Queue } from "bullmq";
import fc from "fast-check";
import { eventually, rowsDigest, startWorkerHarness, type WorkerHarness } from "./harness";

const at = (index: number) => new Date(Date.UTC(2026, 0, 1, 9, 0, index)).toISOString();

type Step = "prompt" | "response" | "tool" | "thinking" | "compaction";

interface UnsequencedEvent {
  type: string;
  emitted_at: string;
  observed_at: string;
  event_hash?: string;
  data: Record<string, unknown>;
}

/** session_start, the steps, session_end; no sequences. Every third event carries a client hash. */
function sessionOf(steps: Step[]): UnsequencedEvent[] {
  const events: Omit<UnsequencedEvent, "emitted_at" | "observed_at">[] = [
    {
      type: "session_start",
      data: { agent_type: "claude_code", agent_version: "0.1.11", working_directory: "/home/eve/app" },
    },
  ];
  steps.forEach((step, i) => {
    switch (step) {
      case "prompt":
        events.push({
          type: "message",
          data: { author_role: "human", message_type: "prompt", content: `ask ${i}` },
        });
        break;
      case "response":
        events.push({
          type: "message",
          data: {
            author_role: "assistant",
            message_type: "response",
            content: `answer ${i}`,
            model: "claude-sonnet-4-5",
            token_usage: { input_tokens: 10 + i, output_tokens: 5 },
          },
        });
        break;
      case "tool":
        events.push({
          type: "tool_call",
          data: {
            tool_name: "Edit",
            tool_use_id: `toolu_${i}`,
            parameters: { file_path: `/home/eve/app/f${i % 3}.ts`, old_string: "a", new_string: "b\nc" },
          },
        });
        events.push({
          type: "tool_result",
          data: { tool_use_id: `toolu_${i}`, success: true, result: `done ${i}` },
        });
        break;
      case "thinking":
        events.push({ type: "thinking", data: { content: `hmm ${i}` } });
        break;
      case "compaction":
        events.push({ type: "metadata", data: { compaction: { trigger: "auto", pre_tokens: 1000 * i } } });
        break;
    }
  });
  events.push({ type: "session_end", data: { outcome: "success" } });
  return events.map((event, index) => ({
    ...event,
    emitted_at: at(index),
    observed_at: at(index),
    ...(index % 3 === 2 ? { event_hash: `c1${index.toString(16)}` } : {}),
  }));
}

/**
 * One sender's batches of `events[0..end)`: cut where `cuts` say, each batch with some earlier events repeated
 * (already sent, or earlier in the same batch) after its own, and some whole batches sent twice. Each sender sends
 * the stream in order, as the clients of this mode do, so the order in which events are first seen is the
 * stream's, whatever the interleaving of senders.
 */
function batchesOf(events: UnsequencedEvent[], end: number, seeds: number[]): UnsequencedEvent[][] {
  const cuts = [...new Set(seeds.map((seed) => 1 + (seed % Math.max(1, end - 1))))]
    .filter((cut) => cut < end)
    .sort((a, b) => a - b);
  const bounds = [0, ...cuts, end];
  const batches: UnsequencedEvent[][] = [];
  bounds.slice(1).forEach((to, i) => {
    const from = bounds[i] ?? 0;
    const batch = events.slice(from, to);
    const seed = seeds[i] ?? 0;
    if (seed % 2 === 0 && to > 0) batch.push(events[seed % to] as UnsequencedEvent);
    batches.push(batch);
    if (seed % 5 === 0) batches.push(batch);
  });
  return batches;
}

describe("unsequenced batches: any split, resend, duplication, concurrency and a Redis flush give the same rows", () => {
  let h: WorkerHarness;
  let api: IngestApiProcess;
  let collector: CollectorCredentials;
  let queue: Queue;

  beforeAll(async () => {
    h = await startWorkerHarness("unsequenced-property");
    api = await startIngestApiProcess({
      label: "unsequenced-property",
      database: h.database,
      redis: h.redis,
    });
    const res = await fetch(`${api.url}/collectors`, {
      method: "POST",
      headers: { authorization: `Bearer ${api.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ collector_type: "aiobscura", collector_version: "0.1.11", hostname: "eve" }),
    });
    collector = (await res.json()) as CollectorCredentials;
    queue = new Queue("ingest", { connection: { url: h.redis.url }, prefix: h.redis.prefix });
  });
  afterAll(async () => {
    await queue.close();
    await api.stop();
    await h.close();
  });

  const send = async (sessionId: string, events: UnsequencedEvent[]) => {
    const res = await fetch(`${api.url}/collectors/events`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${collector.api_key}`,
        "x-collector-id": collector.collector_id,
        "content-type": "application/json",
      },
      body: JSON.stringify({ session_id: sessionId, events }),
    });
    const body = (await res.json()) as { conversation_id: string };
    expect(res.status).toBe(202);
    return body.conversation_id;
  };
  const sendAll = (sessionId: string, senders: UnsequencedEvent[][][]) =>
    Promise.all(
      senders.map(async (batches) => {
        for (const batch of batches) await send(sessionId, batch);
      }),
    );
  const drained = () =>
    eventually(async () => {
      const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
      return Object.values(counts).every((count) => count === 0) ? true : null;
    });

  let run = 0;
  it("matches the rows of one clean send", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Step>("prompt", "response", "tool", "thinking", "compaction"), {
          minLength: 3,
          maxLength: 30,
        }),
        fc.array(fc.array(fc.nat(), { maxLength: 6 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.array(fc.nat(), { maxLength: 6 }), { minLength: 1, maxLength: 3 }),
        fc.nat(),
        async (steps, before, after, flushSeed) => {
          run += 1;
          const events = sessionOf(steps);
          const n = events.length;
          const reference = await send(`ref-${run}`, events);

          const subject = `sub-${run}`;
          // Part of the session before Redis loses everything, written by the worker first (what was accepted
          // but not yet written is lost with the queue itself; its sender would send it again).
          const flushAt = 1 + (flushSeed % (n - 1));
          await sendAll(
            subject,
            before.map((seeds) => batchesOf(events, flushAt, seeds)),
          );
          await drained();
          await h.redis.cleanup(); // every key of this test's prefix: sequencing state and queue (a FLUSHALL)
          // After it, every sender sends the whole session again, split its own way.
          await sendAll(
            subject,
            after.map((seeds) => batchesOf(events, n, seeds)),
          );
          const subjectId = await send(subject, events.slice(n - 1));

          const expected = await eventually(async () => {
            const row = await h.prisma.conversation.findFirst({
              where: { id: reference, status: "completed" },
            });
            return row ? rowsDigest(h.database.url, reference) : null;
          });
          await eventually(async () => {
            const row = await h.prisma.conversation.findFirst({
              where: { id: subjectId, status: "completed", lastEventSequence: n },
            });
            return row ? true : null;
          });
          await drained();
          const actual = await rowsDigest(h.database.url, subjectId);
          expect(JSON.parse(actual)).toEqual(JSON.parse(expected));
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 12), endOnFailure: true },
    );
  });
});
