import { describe, expect, it } from "@jest/globals";

import { eventBatchSchema, type EventBatchInput } from "./batch";
import { eventDataSchemas, protocolEventSchema, type EventType, type ProtocolEventInput } from "./events";
import { seedBatchExample } from "./examples";
import { MAX_TEXT_LENGTH, MAX_TOOL_JSON_LENGTH } from "./limits";

const timestamps = { emitted_at: "2025-06-01T09:00:00Z", observed_at: "2025-06-01T09:00:00.1+02:00" };

/** One valid event of each type, with every required field and nothing else. */
const minimalEvents: Record<EventType, ProtocolEventInput> = {
  session_start: {
    sequence: 1,
    type: "session_start",
    ...timestamps,
    data: { agent_type: "claude_code", agent_version: "2.0.0" },
  },
  session_end: { sequence: 1, type: "session_end", ...timestamps, data: { outcome: "success" } },
  message: {
    sequence: 1,
    type: "message",
    ...timestamps,
    data: { author_role: "human", message_type: "prompt", content: "hi" },
  },
  tool_call: {
    sequence: 1,
    type: "tool_call",
    ...timestamps,
    data: { tool_name: "Read", tool_use_id: "toolu_1", parameters: { file_path: "/a" } },
  },
  tool_result: {
    sequence: 1,
    type: "tool_result",
    ...timestamps,
    data: { tool_use_id: "toolu_1", success: true, result: "ok" },
  },
  thinking: { sequence: 1, type: "thinking", ...timestamps, data: { content: "hmm" } },
  error: {
    sequence: 1,
    type: "error",
    ...timestamps,
    data: { error_type: "api_error", message: "overloaded" },
  },
  metadata: { sequence: 1, type: "metadata", ...timestamps, data: {} },
};

/** Required `data` fields per event type, as DESIGN §2 lists them. */
const requiredDataFields: Record<EventType, string[]> = {
  session_start: ["agent_type", "agent_version"],
  session_end: ["outcome"],
  // content, tool_use_id, parameters, result, error_type and message may be absent (aiobscura omits them).
  message: ["author_role", "message_type"],
  tool_call: ["tool_name"],
  tool_result: ["success"],
  thinking: [],
  error: [],
  metadata: [],
};

// `sequence` is optional in a batch (unsequenced batches, batch.test.ts).
const envelopeFields = ["emitted_at", "observed_at", "data"];

function batchOf(...events: unknown[]): unknown {
  return { session_id: "s-1", events };
}

function withoutKey(value: object, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
}

const eventTypes = Object.keys(minimalEvents) as EventType[];

describe("seed batch example", () => {
  it("parses, with the agent type normalized", () => {
    const batch = eventBatchSchema.parse(seedBatchExample);
    expect(batch.events.map((event) => event.type)).toEqual([
      "session_start",
      "message",
      "message",
      "tool_call",
      "tool_result",
      "session_end",
    ]);
    const [start] = batch.events;
    expect(start?.type === "session_start" && start.data.agent_type).toBe("claude_code");
  });

  it("keeps the response's model and token usage", () => {
    const batch = eventBatchSchema.parse(seedBatchExample);
    const response = batch.events.find(
      (event) => event.type === "message" && event.data.message_type === "response",
    );
    expect(response?.data).toMatchObject({
      author_role: "assistant",
      model: "claude-sonnet-4-5-20250929",
      token_usage: {
        input_tokens: 1200,
        output_tokens: 85,
        cache_read_tokens: 14000,
        cache_creation_tokens: 900,
      },
    });
  });
});

describe("required fields", () => {
  it("the table lists exactly the required fields of each data schema", () => {
    for (const type of eventTypes) {
      const shape = eventDataSchemas[type].shape as Record<
        string,
        { safeParse(value: unknown): { success: boolean } }
      >;
      const required = Object.keys(shape).filter((key) => !shape[key]?.safeParse(undefined).success);
      expect({ type, required: required.sort() }).toEqual({
        type,
        required: [...requiredDataFields[type]].sort(),
      });
    }
  });

  const dataCases = eventTypes.flatMap((type) =>
    requiredDataFields[type].map((field) => [type, field] as const),
  );
  it.each(dataCases)("%s without data.%s fails at that field", (type, field) => {
    const event = minimalEvents[type];
    const result = eventBatchSchema.safeParse(batchOf({ ...event, data: withoutKey(event.data, field) }));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toContainEqual(["events", 0, "data", field]);
  });

  const envelopeCases = eventTypes.flatMap((type) => envelopeFields.map((field) => [type, field] as const));
  it.each(envelopeCases)("%s without %s fails at that field", (type, field) => {
    const result = eventBatchSchema.safeParse(batchOf(withoutKey(minimalEvents[type], field)));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toContainEqual(["events", 0, field]);
  });

  it.each(eventTypes)("a minimal %s event parses", (type) => {
    expect(protocolEventSchema.safeParse(minimalEvents[type]).success).toBe(true);
  });
});

describe("event types", () => {
  it("rejects an unknown type at `type`, naming the known ones", () => {
    const result = eventBatchSchema.safeParse(batchOf({ ...minimalEvents.thinking, type: "telepathy" }));
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path).toEqual(["events", 0, "type"]);
    expect(issue?.message).toContain("session_start");
  });

  it("rejects a missing type", () => {
    const result = eventBatchSchema.safeParse(batchOf(withoutKey(minimalEvents.thinking, "type")));
    expect(result.error?.issues[0]?.path).toEqual(["events", 0, "type"]);
  });

  it("checks data against the schema of the event's type", () => {
    const result = protocolEventSchema.safeParse({
      ...minimalEvents.message,
      data: minimalEvents.session_end.data,
    });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([
      ["data", "author_role"],
      ["data", "message_type"],
    ]);
  });
});

describe("forward compatibility", () => {
  it("keeps unknown data fields, also nested ones, through parse -> JSON -> parse", () => {
    const input = batchOf(
      {
        ...minimalEvents.message,
        data: {
          author_role: "assistant",
          message_type: "response",
          content: "done",
          token_usage: {
            input_tokens: 1,
            output_tokens: 2,
            reasoning_tokens: 7,
            server_tool_use: { web_search: 1 },
          },
          future_field: { nested: [1, "two", null] },
        },
      },
      {
        ...minimalEvents.session_end,
        sequence: 2,
        data: {
          outcome: "partial",
          files_touched: [{ file_path: "/a", change_type: "edit", lines_added: 3, blame: "x" }],
          mood: "tired",
        },
      },
      { ...minimalEvents.metadata, sequence: 3, data: { anything: { goes: true } } },
    );
    const once = eventBatchSchema.parse(input);
    const twice = eventBatchSchema.parse(JSON.parse(JSON.stringify(once)));
    expect(twice).toEqual(once);
    expect(twice.events.map((event) => event.data)).toEqual(
      (input as EventBatchInput).events.map((event) => event.data),
    );
    const [message] = twice.events;
    expect(message?.data).toMatchObject({
      future_field: { nested: [1, "two", null] },
      token_usage: { reasoning_tokens: 7, server_tool_use: { web_search: 1 } },
    });
  });

  it("drops unknown envelope keys (only data is open)", () => {
    const event = protocolEventSchema.parse({ ...minimalEvents.thinking, shiny: 1 });
    expect(event).not.toHaveProperty("shiny");
  });
});

describe("field values", () => {
  it("rejects content over the text cap", () => {
    const event = {
      ...minimalEvents.message,
      data: { author_role: "human", message_type: "prompt", content: "x".repeat(MAX_TEXT_LENGTH + 1) },
    };
    const result = eventBatchSchema.safeParse(batchOf(event));
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ["events", 0, "data", "content"],
        message: `must be at most ${MAX_TEXT_LENGTH} characters`,
      }),
    ]);
  });

  it("accepts content exactly at the cap, and empty content", () => {
    for (const content of ["", "x".repeat(MAX_TEXT_LENGTH)]) {
      const event = {
        ...minimalEvents.message,
        data: { author_role: "tool", message_type: "context", content },
      };
      expect(protocolEventSchema.safeParse(event).success).toBe(true);
    }
  });

  it("rejects tool parameters whose JSON is over the cap", () => {
    const event = {
      ...minimalEvents.tool_call,
      data: {
        tool_name: "Write",
        tool_use_id: "t",
        parameters: { content: "x".repeat(MAX_TOOL_JSON_LENGTH) },
      },
    };
    const result = protocolEventSchema.safeParse(event);
    expect(result.error?.issues[0]?.path).toEqual(["data", "parameters"]);
  });

  it("accepts a JSON tool result and rejects a non-boolean success", () => {
    const ok = {
      ...minimalEvents.tool_result,
      data: { tool_use_id: "t", success: false, result: { code: 1 } },
    };
    expect(protocolEventSchema.safeParse(ok).success).toBe(true);
    const bad = { ...minimalEvents.tool_result, data: { tool_use_id: "t", success: "yes", result: "" } };
    expect(protocolEventSchema.safeParse(bad).error?.issues[0]?.path).toEqual(["data", "success"]);
  });

  it.each([
    ["an empty outcome", { ...minimalEvents.session_end, data: { outcome: "" } }, ["data", "outcome"]],
    [
      "an unknown author role",
      { ...minimalEvents.message, data: { ...minimalEvents.message.data, author_role: "ai" } },
      ["data", "author_role"],
    ],
    [
      "negative tokens",
      {
        ...minimalEvents.message,
        data: { ...minimalEvents.message.data, token_usage: { input_tokens: -1 } },
      },
      ["data", "token_usage", "input_tokens"],
    ],
    [
      "fractional tokens",
      {
        ...minimalEvents.message,
        data: { ...minimalEvents.message.data, token_usage: { output_tokens: 1.5 } },
      },
      ["data", "token_usage", "output_tokens"],
    ],
    [
      "an unknown change type",
      {
        ...minimalEvents.session_end,
        data: { outcome: "success", files_touched: [{ file_path: "/a", change_type: "delete" }] },
      },
      ["data", "files_touched", 0],
    ],
    ["sequence 0", { ...minimalEvents.thinking, sequence: 0 }, ["sequence"]],
    ["a fractional sequence", { ...minimalEvents.thinking, sequence: 1.5 }, ["sequence"]],
    [
      "a timestamp without offset",
      { ...minimalEvents.thinking, emitted_at: "2025-06-01T09:00:00" },
      ["emitted_at"],
    ],
    ["a date-only timestamp", { ...minimalEvents.thinking, observed_at: "2025-06-01" }, ["observed_at"]],
    ["a non-hex event_hash", { ...minimalEvents.thinking, event_hash: "xyz" }, ["event_hash"]],
    [
      "an event_hash over 128 digits",
      { ...minimalEvents.thinking, event_hash: "a".repeat(129) },
      ["event_hash"],
    ],
    [
      "a tool name with a newline",
      { ...minimalEvents.tool_call, data: { ...minimalEvents.tool_call.data, tool_name: "Re\nad" } },
      ["data", "tool_name"],
    ],
    [
      "an empty tool_use_id",
      { ...minimalEvents.tool_result, data: { ...minimalEvents.tool_result.data, tool_use_id: "" } },
      ["data", "tool_use_id"],
    ],
    [
      "null for a required field",
      { ...minimalEvents.session_start, data: { ...minimalEvents.session_start.data, agent_version: null } },
      ["data", "agent_version"],
    ],
  ])("rejects %s", (_label, event, path) => {
    const result = protocolEventSchema.safeParse(event);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toContainEqual(path);
  });

  it("accepts a sha256 event_hash and a full session_start", () => {
    const event = {
      ...minimalEvents.session_start,
      event_hash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      data: {
        agent_type: "Codex CLI",
        agent_version: "0.40.0",
        working_directory: "/Users/bob/src/app",
        git_branch: "feature/x",
        parent_session_id: "parent-1",
        slug: "x",
        summaries: [{ summary: "earlier work", leaf_uuid: "u1" }],
        compaction_events: [{ occurred_at: "2025-06-01T10:00:00Z", trigger: "auto", pre_tokens: 150000 }],
        developer: "bob",
        hostname: "bob-mac",
        model: "gpt-5-codex",
      },
    };
    const parsed = protocolEventSchema.parse(event);
    expect(parsed.data).toMatchObject({
      agent_type: "codex",
      summaries: [{ summary: "earlier work", leaf_uuid: "u1" }],
    });
  });
});

// Keeps the typed example honest: the exported input type accepts what collectors send.
const _typedBatch: EventBatchInput = { session_id: "s", events: [minimalEvents.message] };
