// Legacy Gemini `.json` chat documents rewritten as a whole: only what is new is sent, the last message is held
// until a later one exists, messages that vanish were rewound.
import { describe, expect, it } from "@jest/globals";

import { geminiLegacyParser } from "../src/gemini";
import { at, CHATS, gemini, summarize, user } from "./gemini-helpers";
import { expectSameEventsInPieces } from "./support";

const FILE = { path: `${CHATS}/session-2026-05-01T10-00-abcd1234.json` };

function document(messages: unknown[], extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(
    JSON.stringify(
      {
        sessionId: "legacy-1",
        projectHash: "abc",
        startTime: at(0),
        lastUpdated: at(60),
        messages,
        ...extra,
      },
      null,
      2,
    ),
  );
}

describe("gemini legacy documents", () => {
  it("sends only new messages on each rewrite, holding the last one while it may change", () => {
    const call = {
      id: "c1",
      name: "replace",
      args: { file_path: "/a.ts", old_string: "a", new_string: "b" },
    };
    const v1 = document([
      user("u1", 1, "fix a.ts"),
      gemini("g1", 2, { toolCalls: [{ ...call, status: "executing" }] }),
    ]);
    const v2 = document([
      user("u1", 1, "fix a.ts"),
      gemini("g1", 2, {
        tokens: { input: 50, output: 5, cached: 10, thoughts: 1, tool: 0, total: 56 },
        toolCalls: [
          {
            ...call,
            status: "success",
            result: [{ functionResponse: { id: "c1", response: { output: "ok" } } }],
          },
        ],
      }),
      user("u2", 3, "thanks"),
    ]);
    const first = geminiLegacyParser.parse(v1, geminiLegacyParser.initial(FILE), FILE);
    expect(first.events.map((event) => event.type)).toEqual(["session_start", "message"]);
    expect(first.checkpoint.offset).toBe(0);
    const again = geminiLegacyParser.parse(v1, first.checkpoint, FILE);
    expect(again.events).toEqual([]);
    const second = geminiLegacyParser.parse(v2, again.checkpoint, FILE);
    expect(second.events.map((event) => [event.sequence, event.type])).toEqual([
      [3, "message"],
      [4, "tool_call"],
      [5, "tool_result"],
    ]);
    expect(second.events[0]?.data).toMatchObject({
      token_usage: { input_tokens: 40, output_tokens: 6, cache_read_tokens: 10 },
    });
    const flushed = geminiLegacyParser.flush(second.checkpoint, FILE);
    expect(flushed.events.map((event) => [event.sequence, event.type, event.data])).toEqual([
      [6, "message", { author_role: "human", message_type: "prompt", content: "thanks", message_id: "u2" }],
    ]);
    expect(flushed.checkpoint.stats).toEqual({ lines: 2, malformedLines: 0, unknownTypes: {}, events: 6 });
    expectSameEventsInPieces(geminiLegacyParser, v2, FILE);
  });

  it("a rewrite without sent messages is a rewind to the first missing one", () => {
    const v1 = document([
      user("u1", 1, "a"),
      gemini("g1", 2, { content: "A" }),
      user("u2", 3, "b"),
      gemini("g2", 4, { content: "B" }),
    ]);
    const v2 = document([user("u1", 1, "a"), gemini("g1", 2, { content: "A" }), user("u3", 5, "b again")], {
      lastUpdated: at(5),
    });
    const first = geminiLegacyParser.parse(v1, geminiLegacyParser.initial(FILE), FILE);
    const flushed = geminiLegacyParser.flush(first.checkpoint, FILE);
    const second = geminiLegacyParser.parse(v2, flushed.checkpoint, FILE);
    const last = geminiLegacyParser.flush(second.checkpoint, FILE);
    expect([...second.events, ...last.events].map((event) => [event.type, event.data])).toEqual([
      ["metadata", { rewinds: [{ to_message_id: "u2", occurred_at: at(5), messages: 2 }] }],
      ["message", { author_role: "human", message_type: "prompt", content: "b again", message_id: "u3" }],
    ]);
  });

  it("late tool results of the last response are sent; late tokens are warned once", () => {
    const call = { id: "c1", name: "read_file", args: { file_path: "a" } };
    const v1 = document([
      user("u1", 1, "read"),
      gemini("g1", 2, { toolCalls: [{ ...call, status: "executing" }] }),
    ]);
    const v2 = document([
      user("u1", 1, "read"),
      gemini("g1", 2, {
        tokens: { input: 5, output: 1, cached: 0, thoughts: 0, tool: 0, total: 6 },
        toolCalls: [
          {
            ...call,
            status: "error",
            result: [{ functionResponse: { id: "c1", response: { error: "ENOENT" } } }],
          },
        ],
      }),
    ]);
    const first = geminiLegacyParser.flush(
      geminiLegacyParser.parse(v1, geminiLegacyParser.initial(FILE), FILE).checkpoint,
      FILE,
    );
    const second = geminiLegacyParser.parse(v2, first.checkpoint, FILE);
    expect(second.events.map((event) => [event.type, event.data])).toEqual([
      ["tool_result", { tool_use_id: "c1", success: false, result: "ENOENT", status: "error" }],
    ]);
    expect(second.warnings.map((warning) => warning.kind)).toEqual(["ignored_update"]);
    const third = geminiLegacyParser.parse(v2, second.checkpoint, FILE);
    expect(third.events).toEqual([]);
    expect(third.warnings).toEqual([]);
  });

  it("an incomplete document waits; a JSON file that is no chat is warned; the file name names a session without id", () => {
    const full = document([user("u1", 1, "hi")]);
    const partial = geminiLegacyParser.parse(full.subarray(0, 40), geminiLegacyParser.initial(FILE), FILE);
    expect(partial.events).toEqual([]);
    expect(partial.warnings).toEqual([]);
    const notChat = geminiLegacyParser.parse(
      Buffer.from('{"hello": 1}'),
      geminiLegacyParser.initial(FILE),
      FILE,
    );
    expect(notChat.events).toEqual([]);
    expect(notChat.warnings.map((warning) => [warning.line, warning.kind])).toEqual([[0, "invalid_record"]]);
    const anonymous = summarize(
      geminiLegacyParser,
      Buffer.from(
        JSON.stringify({
          messages: [{ type: "user", content: "no id", timestamp: at(1) }, { type: "mystery" }],
        }),
      ),
      FILE,
    );
    expect(anonymous.sessionId).toBe("session-2026-05-01T10-00-abcd1234");
    expect(anonymous.prompts).toEqual(["no id"]);
    expect(anonymous.events[1]?.data).toMatchObject({ message_id: "#0" });
    expect(anonymous.warnings).toEqual(["0:unknown_line_type"]);
  });
});
