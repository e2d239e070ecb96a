// Issue 11 item 4, worker side: everything the protocol accepts is storable. A few thousand generated batches
// that pass the protocol's schemas (parseEventBatch), built from edge values (numbers at and beyond the columns'
// ranges, NULs, lone surrogates, the write path's own separators, large strings, deep-ish objects, timestamps
// Postgres rejects as written, duplicate ids, fields the worker owns), go straight to the worker's queue (as
// jobs already queued or other producers would send them, past any API bound) and must all be stored: no job
// parked or failed, every row present.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type ProtocolEvent } from "@catsyphon/protocol";
import {
  createRedisConnection,
  openQueue,
  parseEventBatch,
  QUEUE_NAMES,
  RedisUnavailableError,
} from "@catsyphon/queue";
import fc from "fast-check";
import { eventually, newId, startWorkerHarness, type WorkerHarness } from "./harness";

const SESSIONS = 900;
const SEED = 20_261_201;

// Counts the protocol bounds at int4 (decision 0020): the edges inside are common, those beyond rare (a batch
// holding one is refused by parseEventBatch and left out, so they must not crowd out the storable batches).
const INT_EDGES = [0, 1, 2_147_483_647, 100_000_001];
const BEYOND_INT4 = [2_147_483_648, 4_294_967_296, Number.MAX_SAFE_INTEGER];
const int = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(...INT_EDGES) },
  { weight: 20, arbitrary: fc.nat() },
  { weight: 1, arbitrary: fc.constantFrom(...BEYOND_INT4) },
);
const anyNumber = fc.oneof(
  int,
  fc.constantFrom(-1, -0, 1.5, -2_147_483_649, 1e308, -1e308, 5e-324, 1e21),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const oddString = fc.constantFrom(
  "",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\u001e\u001f",
  "\u001f\u001e",
  "\\N",
  "NULL",
  "\\u0000",
  "emoji 🦜 and \u2028 line",
  "'; DROP TABLE messages; --",
);
const huge = fc.constantFrom("x".repeat(70_000), "\u0000".repeat(20_000), "é".repeat(50_000));
const text = fc.oneof(
  { weight: 30, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 20, arbitrary: oddString },
  { weight: 1, arbitrary: huge },
);
/** One of few values, so ids repeat across events. */
const dupId = fc.constantFrom("toolu_1", "toolu_2", "msg_1", "a".repeat(256));
const timestamp = fc.oneof(
  {
    weight: 40,
    arbitrary: fc
      .date({
        min: new Date("0001-01-01T00:00:00Z"),
        max: new Date("9999-12-31T23:59:59Z"),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString()),
  },
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      "2026-01-01T00:00:00-23:59",
      "2026-06-30T12:00:00+14:00",
      "1970-01-01T00:00:00.000000001Z",
      "9999-12-31T23:59:59.9999999Z",
      "2026-01-01T00:00:00+00:00",
    ),
  },
  // Outside the protocol's years 0001-9999 (refused at the edge, so such a batch is left out).
  { weight: 1, arbitrary: fc.constantFrom("0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999+23:59") },
);
const json = fc.jsonValue({ maxDepth: 6 }).map((value) => value as unknown);
const deep = fc.nat({ max: 40 }).map((depth) => {
  let value: unknown = { leaf: "\u0000" };
  for (let i = 0; i < depth; i += 1) value = { level: i, next: value, list: [value === null ? 0 : i] };
  return value;
});
const jsonish = fc.oneof(json, deep, anyNumber, text);
const path = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom("/home/alice/project/a.ts", "relative/p") },
  { weight: 1, arbitrary: fc.constantFrom("/Users/bob/x\u0000y.md", `/home/${"d".repeat(3000)}/f`) },
  { weight: 12, arbitrary: fc.string({ minLength: 1, maxLength: 20 }).map((s) => `/home/fuzz/${s}`) },
);
const extra = fc.dictionary(
  fc.constantFrom(
    "end_sequence",
    "closed_by",
    "uninterpreted",
    "metadata_sequences",
    "raw_data",
    "custom",
    "summaries",
  ),
  jsonish,
  { maxKeys: 3 },
);
const tokenUsage = fc.record(
  {
    input_tokens: int,
    output_tokens: int,
    cache_read_tokens: int,
    cache_creation_tokens: int,
    cache_creation_5m_tokens: int,
    cache_creation_1h_tokens: int,
    reasoning_tokens: anyNumber,
  },
  { requiredKeys: [] },
);

const data = {
  session_start: fc.record({
    agent_type: fc.constantFrom("claude_code", "claude-code", "Codex", "gemini cli", "x".repeat(64)),
    agent_version: fc.constantFrom("1.0.0", "v".repeat(256)),
    working_directory: fc.option(path, { nil: undefined }),
    developer: fc.option(fc.constantFrom("alice", "d".repeat(256)), { nil: undefined }),
    parent_session_id: fc.option(fc.constantFrom("fuzz-1", "fuzz-2"), { nil: undefined }),
    slug: fc.option(fc.constantFrom("fix-it"), { nil: undefined }),
    summaries: fc.option(fc.array(fc.record({ summary: text }), { maxLength: 2 }), { nil: undefined }),
    compaction_events: fc.option(fc.array(fc.record({ pre_tokens: int, trigger: fc.constantFrom("auto") })), {
      nil: undefined,
    }),
    extra,
  }),
  session_end: fc.record({
    outcome: fc.constantFrom("success", "failure", "partial", "abandoned", "unknown"),
    summary: fc.option(text, { nil: undefined }),
    plans: fc.option(fc.array(fc.record({ content: text }), { maxLength: 2 }), { nil: undefined }),
    files_touched: fc.option(
      fc.array(
        fc.record({
          file_path: fc.constantFrom("/a.ts", "/b.ts", "/c.ts", "/d.ts", `/${"p".repeat(4000)}`),
          change_type: fc.constantFrom("read", "write", "edit", "create"),
          lines_added: fc.option(int, { nil: undefined }),
          lines_deleted: fc.option(int, { nil: undefined }),
        }),
        { maxLength: 3 },
      ),
      { nil: undefined },
    ),
    extra,
  }),
  message: fc.record({
    author_role: fc.constantFrom("human", "caller", "assistant", "agent", "tool", "system"),
    message_type: fc.constantFrom("prompt", "response", "summary", "context", "error"),
    content: text,
    message_id: fc.option(dupId, { nil: undefined }),
    model: fc.option(fc.constantFrom("claude-sonnet-4-5", "claude-opus-4-1", "gpt-5", "unknown-model"), {
      nil: undefined,
    }),
    token_usage: fc.option(tokenUsage, { nil: undefined }),
    thinking_content: fc.option(text, { nil: undefined }),
    extra,
  }),
  tool_call: fc.record({
    tool_name: fc.constantFrom(
      "Read",
      "Write",
      "Edit",
      "MultiEdit",
      "NotebookEdit",
      "apply_patch",
      "read_many_files",
      "Bash",
    ),
    tool_use_id: dupId,
    parameters: fc.record(
      {
        file_path: path,
        content: text,
        old_string: text,
        new_string: text,
        edits: fc.array(fc.record({ old_string: jsonish, new_string: jsonish }), { maxLength: 3 }),
        paths: fc.array(fc.oneof(path, anyNumber), { maxLength: 3 }),
        input: fc.constantFrom(
          "*** Add File: /x\u0000y\n+a\n",
          `*** Update File: /${"q".repeat(3000)}\n-a\n+b\n`,
          "junk",
        ),
        other: jsonish,
      },
      { requiredKeys: [] },
    ),
  }),
  tool_result: fc.record({ tool_use_id: dupId, success: fc.boolean(), result: jsonish }),
  thinking: fc.record({ content: text, extra }),
  error: fc.record({ error_type: fc.constantFrom("api_error", "e".repeat(256)), message: text }),
  metadata: fc.record(
    {
      compaction: fc.record(
        {
          pre_tokens: int,
          trigger: fc.oneof(
            { weight: 8, arbitrary: fc.constant("auto") },
            { weight: 1, arbitrary: fc.constant("m\u0000") },
          ),
          summary: text,
        },
        { requiredKeys: [] },
      ),
      summaries: fc.array(jsonish, { maxLength: 2 }),
      plans: fc.array(jsonish, { maxLength: 2 }),
      end_sequence: jsonish,
      closed_by: jsonish,
      working_directory: path,
      custom: jsonish,
    },
    { requiredKeys: [] },
  ),
};

type Flat = Record<string, unknown> & { extra?: Record<string, unknown> };
const flatten = ({ extra: more, ...rest }: Flat) => ({ ...more, ...rest });

const eventArb = fc.constantFrom(...(Object.keys(data) as (keyof typeof data)[])).chain((type) =>
  fc.record({
    type: fc.constant(type),
    emitted_at: timestamp,
    observed_at: timestamp,
    data: data[type] as fc.Arbitrary<Flat>,
  }),
);

// A session: session_start first (half of them, its own batch), then 1-4 batches of 1-4 events.
const sessionArb = fc.record({
  start: fc.option(
    eventArb.filter((e) => e.type === "session_start"),
    { nil: undefined },
  ),
  batches: fc.array(fc.array(eventArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
});

describe("fuzz: batches the protocol accepts are all stored", () => {
  let h: WorkerHarness;
  beforeAll(async () => {
    h = await startWorkerHarness("worker-fuzz");
  });
  afterAll(() => h.close());

  it("stores every generated batch: nothing parked or failed, every row present", async () => {
    const sessions = fc.sample(sessionArb, { numRuns: SESSIONS, seed: SEED });
    const jobs: { sessionId: string; conversationId: string; events: ProtocolEvent[] }[] = [];
    let rowEvents = 0;
    let rejected = 0;
    sessions.forEach((session, index) => {
      const sessionId = `fuzz-${index}`;
      const raw = session.start ? [[session.start], ...session.batches] : session.batches;
      let sequence = 0;
      const batches = raw.map((batch) =>
        batch.map((event) => ({ ...event, sequence: (sequence += 1), data: flatten(event.data) })),
      );
      const conversationId = newId();
      for (const events of batches) {
        const parsed = parseEventBatch({ session_id: sessionId, events });
        if (!parsed.success) {
          rejected += 1;
          continue;
        }
        // Every generated event carries its sequence (the sequenced generation of the protocol).
        const sequenced = parsed.data.events.flatMap((e) =>
          e.sequence === undefined || e.sequence === null ? [] : [{ ...e, sequence: e.sequence }],
        );
        jobs.push({ sessionId, conversationId, events: sequenced });
        rowEvents += sequenced.filter(
          (e) => !["session_start", "session_end", "metadata"].includes(e.type),
        ).length;
      }
    });
    // The generators aim at what the protocol accepts; the few it refuses (e.g. control characters in names)
    // are left out, and most batches must remain.
    expect(jobs.length).toBeGreaterThan(2 * SESSIONS);
    expect(rejected).toBeLessThan(jobs.length / 4);

    // As the ingest API's clients do on its 503: a batch the fail-fast producer could not hand to Redis (its
    // connection was reset under load) is sent again; the job id makes a repeat add nothing.
    const enqueueWithRetry = async (enqueue: () => Promise<unknown>) => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await enqueue();
        } catch (error) {
          if (!(error instanceof RedisUnavailableError) || attempt === 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
        }
      }
    };
    for (let i = 0; i < jobs.length; i += 50) {
      await Promise.all(
        jobs.slice(i, i + 50).map((job) =>
          enqueueWithRetry(() =>
            h.producer.enqueueIngestBatch({
              workspace_id: h.workspaceId,
              collector_id: null,
              source: "collector",
              session_id: job.sessionId,
              conversation_id: job.conversationId,
              first_sequence: job.events[0]?.sequence ?? 1,
              last_sequence: job.events.at(-1)?.sequence ?? 1,
              server_received_at: new Date().toISOString(),
              events: job.events,
            }),
          ),
        ),
      );
    }

    const connection = createRedisConnection(h.redis.url, "worker");
    const queue = openQueue(QUEUE_NAMES.ingest, connection, h.redis.prefix);
    try {
      await eventually(
        async () => {
          const failed = await queue.getFailedCount();
          if (failed > 0) {
            const [job] = await queue.getFailed(0, 0);
            throw new Error(`${failed} job(s) parked, e.g. ${job?.id}: ${job?.failedReason}`);
          }
          return (await h.prisma.ingestionJob.count({ where: { status: "succeeded" } })) === jobs.length;
        },
        // Generous: under CI every package's tests share the two cores with this worker.
        { timeoutMs: 240_000, intervalMs: 250 },
      );
    } finally {
      await queue.close();
      connection.disconnect();
    }
    expect(await h.prisma.ingestionJob.count({ where: { status: { not: "succeeded" } } })).toBe(0);
    expect(await h.prisma.message.count()).toBe(rowEvents);
    expect(await h.prisma.conversation.count()).toBe(new Set(jobs.map((job) => job.conversationId)).size);
  }, 420_000);
});
