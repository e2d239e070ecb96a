// Invariant 1 and 3 of DESIGN §4: a generated session sent as random splits, with duplicated and reordered
// batches, through several concurrent workers, ends with exactly the rows of sending each event once.
import { rollupDifferences } from "@catsyphon/testing";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Writable } from "node:stream";
import { loadIngestWorkerEnv } from "@catsyphon/config";
import { createLogger } from "@catsyphon/logger";
import { type ProtocolEventInput } from "@catsyphon/protocol";
import fc from "fast-check";
import { startIngestWorker, type RunningIngestWorker } from "../src/worker";
import { enqueue, eventually, newId, rowsDigest, startWorkerHarness, type WorkerHarness } from "./harness";

const at = (sequence: number) => new Date(Date.UTC(2026, 0, 1, 9, 0, sequence)).toISOString();

type Step = "prompt" | "response" | "tool" | "thinking" | "error" | "compaction";

/** A session from a list of steps: session_start first, session_end last, tool calls paired with results. */
function sessionOf(steps: Step[]): ProtocolEventInput[] {
  const events: Omit<ProtocolEventInput, "sequence" | "emitted_at" | "observed_at">[] = [
    {
      type: "session_start",
      data: { agent_type: "claude_code", agent_version: "2.0.0", working_directory: "/home/bob/app" },
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
            token_usage: {
              input_tokens: 10 + i,
              output_tokens: 5,
              cache_read_tokens: 100,
              cache_creation_tokens: 7,
            },
          },
        });
        break;
      case "tool":
        events.push({
          type: "tool_call",
          data: {
            tool_name: "Edit",
            tool_use_id: `toolu_${i}`,
            parameters: { file_path: `/home/bob/app/f${i % 3}.ts`, old_string: "a", new_string: "b\nc" },
          },
        });
        events.push({
          type: "tool_result",
          data: { tool_use_id: `toolu_${i}`, success: i % 4 !== 0, result: `done ${i}` },
        });
        break;
      case "thinking":
        events.push({ type: "thinking", data: { content: `hmm ${i}` } });
        break;
      case "error":
        events.push({ type: "error", data: { error_type: "api_error", message: `overloaded ${i}` } });
        break;
      case "compaction":
        events.push({ type: "metadata", data: { compaction: { trigger: "auto", pre_tokens: 1000 * i } } });
        break;
    }
  });
  events.push({ type: "session_end", data: { outcome: "success" } });
  return events.map(
    (event, index) =>
      ({
        ...event,
        sequence: index + 1,
        emitted_at: at(index),
        observed_at: at(index),
      }) as ProtocolEventInput,
  );
}

const stepArbitrary = fc.constantFrom<Step>("prompt", "response", "tool", "thinking", "error", "compaction");

describe("any split, duplication and order through concurrent workers gives the same rows", () => {
  let h: WorkerHarness;
  const extraWorkers: RunningIngestWorker[] = [];

  beforeAll(async () => {
    h = await startWorkerHarness("worker-property");
    // Two more worker processes' worth of workers on the same queue and database (three in all).
    for (let i = 0; i < 2; i += 1) {
      const env = loadIngestWorkerEnv({
        DATABASE_URL: h.database.url,
        REDIS_URL: h.redis.url,
        REDIS_KEY_PREFIX: h.redis.prefix,
        WORKER_CONCURRENCY: "3",
        WORKER_HEALTH_PORT: "0",
        LOG_LEVEL: "warn",
      });
      const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
      extraWorkers.push(
        await startIngestWorker(env, createLogger({ name: "w", level: "warn", destination: sink })),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(extraWorkers.map((worker) => worker.close()));
    await h.close();
  });

  it("matches the rows of sending each event once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArbitrary, { minLength: 3, maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }),
        fc.nat(),
        async (steps, cutSeeds, duplicateSeeds, orderSeed) => {
          const events = sessionOf(steps);
          const n = events.length;
          const reference = newId();
          await enqueue(h, `ref-${reference}`, reference, events);

          const cuts = [...new Set(cutSeeds.map((seed) => 1 + (seed % (n - 1))))].sort((a, b) => a - b);
          const bounds = [0, ...cuts, n];
          const batches = bounds.slice(1).map((end, i) => events.slice(bounds[i], end));
          for (const [a, b] of duplicateSeeds) {
            const from = a % n;
            const to = from + 1 + (b % (n - from));
            batches.push(events.slice(from, to));
          }
          // A deterministic shuffle driven by the generated seed.
          const order = batches.map((batch, i) => ({
            batch,
            key: (orderSeed * 7919 + i * 104729) % 1000003,
          }));
          order.sort((x, y) => x.key - y.key);

          const subject = newId();
          await Promise.all(order.map(({ batch }) => enqueue(h, `sub-${subject}`, subject, batch)));

          const expected = await eventually(async () => {
            const row = await h.prisma.conversation.findFirst({
              where: { id: reference, status: "completed" },
            });
            return row ? rowsDigest(h.database.url, reference) : null;
          });
          // Wait until every job of the subject finished, then compare.
          await eventually(async () => {
            const waiting = await h.prisma.ingestionJob.count({
              where: { conversationId: subject, status: "succeeded" },
            });
            return (
              waiting >=
              new Set(order.map(({ batch }) => `${batch[0]?.sequence}-${batch.at(-1)?.sequence}`)).size
            );
          });
          const actual = await rowsDigest(h.database.url, subject);
          expect(JSON.parse(actual)).toEqual(JSON.parse(expected));
          // The activity aggregates (decision 0033) agree with the rows, three workers and any order.
          expect(await rollupDifferences(h.database.url, h.workspaceId)).toEqual({ missing: [], extra: [] });
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 25), endOnFailure: true },
    );
  });
});
