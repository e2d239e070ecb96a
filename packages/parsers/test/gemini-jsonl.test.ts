// Gemini JSONL behaviours the fixture corpus lacks: re-appended message records (last per id wins), $rewindTo,
// $set patches, sub-agent files, compactions, late updates, bad records, missing timestamps, limits.
import { describe, expect, it } from "@jest/globals";

import { geminiParser } from "../src/gemini";
import { toProtocolEvent } from "../src/protocol-events";
import { parseWholeFile } from "../src/run";
import { at, CHATS, gemini, header, jsonl, summarize, user } from "./gemini-helpers";
import { expectSameEventsInPieces } from "./support";

const FILE = { path: `${CHATS}/session-2026-05-01T10-00-sess0001.jsonl` };

const shellCall = (extra: Record<string, unknown>) => ({
  id: "run_shell_command_1",
  name: "run_shell_command",
  displayName: "Shell",
  args: { command: "npm test" },
  timestamp: at(12),
  ...extra,
});

const thoughts = [{ subject: "Plan", description: "Run npm test.", timestamp: at(2) }];

const updates = jsonl(
  header("sess-0001"),
  user("u1", 1, "run the tests"),
  { $set: { lastUpdated: at(1) } },
  gemini("g1", 2, { thoughts }),
  gemini("g1", 2, {
    thoughts,
    tokens: { input: 1000, output: 20, cached: 400, thoughts: 30, tool: 0, total: 1050 },
  }),
  gemini("g1", 2, {
    thoughts,
    tokens: { input: 1000, output: 20, cached: 400, thoughts: 30, tool: 0, total: 1050 },
    toolCalls: [shellCall({ status: "executing" })],
  }),
  gemini("g1", 2, {
    thoughts,
    tokens: { input: 1000, output: 20, cached: 400, thoughts: 30, tool: 0, total: 1050 },
    toolCalls: [
      shellCall({
        status: "error",
        result: [
          {
            functionResponse: {
              id: "run_shell_command_1",
              name: "run_shell_command",
              response: { error: "exit 1" },
            },
          },
        ],
      }),
    ],
  }),
  gemini("g2", 13, {
    content: "Tests fail.",
    tokens: { input: 1200, output: 10, cached: 1000, thoughts: 0, tool: 5, total: 1210 },
  }),
);

describe("gemini JSONL: re-appended records", () => {
  it("keeps the last record per id: one response, its tokens once, its call and result once", () => {
    const s = summarize(geminiParser, updates, FILE);
    expect(s.sessionId).toBe("sess-0001");
    expect(s.types).toEqual([
      "session_start",
      "message",
      "thinking",
      "message",
      "tool_call",
      "tool_result",
      "message",
    ]);
    expect(s.prompts).toEqual(["run the tests"]);
    expect(s.responses).toBe(2);
    // (1000-400) + (1200-1000); (20+30) + 10; 400 + 1000
    expect(s.tokens).toEqual({ input: 800, output: 60, cacheRead: 1400 });
    expect(s.toolCallIds).toEqual(["run_shell_command_1"]);
    expect(s.toolResults).toEqual({ run_shell_command_1: false });
    expect(s.events[5]?.data).toMatchObject({ result: "exit 1", status: "error" });
    expect(s.events[5]?.emitted_at).toBe(at(12));
    expect(s.events[6]?.data).toMatchObject({ token_usage: { tool_tokens: 5, thoughts_tokens: 0 } });
    expect(s.warnings).toEqual([]);
    expectSameEventsInPieces(geminiParser, updates, FILE);
  });

  it("holds the newest message until another id arrives, and flush() releases it", () => {
    const text = updates.toString("utf8");
    const cut = Buffer.byteLength(text.slice(0, text.indexOf('{"id":"g2"')));
    let checkpoint = geminiParser.initial(FILE);
    const first = geminiParser.parse(updates.subarray(0, cut), checkpoint, FILE);
    expect(first.events.map((event) => event.type)).toEqual(["session_start", "message"]);
    checkpoint = first.checkpoint;
    expect(checkpoint.state.held?.id).toBe("g1");
    const flushed = geminiParser.flush(checkpoint, FILE);
    expect(flushed.events.map((event) => event.type)).toEqual([
      "thinking",
      "message",
      "tool_call",
      "tool_result",
    ]);
    expect(flushed.events[0]?.sequence).toBe(3);
    expect(flushed.checkpoint.state.held).toBeNull();
  });

  it("after a flush, later tool results of the last response are still sent; other updates are warned", () => {
    const call = { id: "c1", name: "read_file", args: { absolute_path: "/src/a.ts" } };
    const before = jsonl(
      header("sess-late"),
      user("u1", 1, "read a.ts"),
      gemini("g1", 2, { toolCalls: [{ ...call, status: "executing" }] }),
    );
    const after = jsonl(
      gemini("g1", 2, {
        toolCalls: [
          {
            ...call,
            status: "success",
            result: [{ functionResponse: { id: "c1", response: { output: "export {}" } } }],
          },
        ],
      }),
      gemini("g1", 2, {
        tokens: { input: 10, output: 1, cached: 0, thoughts: 0, tool: 0, total: 11 },
        toolCalls: [
          {
            ...call,
            status: "success",
            result: [{ functionResponse: { id: "c1", response: { output: "export {}" } } }],
          },
        ],
      }),
      user("u2", 5, "thanks"),
      user("u1", 1, "read a.ts"),
    );
    const first = parseWholeFile(geminiParser, before, FILE);
    expect(first.events.map((event) => event.type)).toEqual([
      "session_start",
      "message",
      "message",
      "tool_call",
    ]);
    const second = geminiParser.parse(after, first.checkpoint, FILE);
    const rest = geminiParser.flush(second.checkpoint, FILE);
    const events = [...second.events, ...rest.events];
    expect(events.map((event) => [event.sequence, event.type])).toEqual([
      [5, "tool_result"],
      [6, "message"],
    ]);
    expect(events[0]?.data).toMatchObject({ tool_use_id: "c1", success: true, result: "export {}" });
    // The token counts came too late (not counted), and u1 was sent long ago: both warned, nothing retracted.
    expect([...second.warnings, ...rest.warnings].map((warning) => [warning.line, warning.kind])).toEqual([
      [5, "ignored_update"],
      [7, "ignored_update"],
    ]);
  });
});

describe("gemini JSONL: only the last version of a message is parsed (decision 0014)", () => {
  const FINAL = gemini("g1", 2, { content: "done", tokens: { input: 10, output: 2, total: 12 } });

  it("passes over the versions a re-append supersedes without reading them, in one call or many", () => {
    const bytes = Buffer.concat([
      jsonl(header("sess-versions"), user("u1", 1, "go"), gemini("g1", 2, { content: "wor" })),
      // A torn earlier version: superseded by the next line, so it is never parsed (nor counted).
      Buffer.from('{"id":"g1","timestamp":"2026-05-01T10:00:02.000Z","type":"gem\n'),
      jsonl(gemini("g1", 2, { content: "work" }), FINAL, user("u2", 3, "next")),
    ]);
    const s = summarize(geminiParser, bytes, FILE);
    const responses = s.events.filter(
      (event) => event.type === "message" && event.data.message_type === "response",
    );
    expect(responses.map((event) => event.data.content)).toEqual(["done"]);
    expect(responses[0]?.data).toMatchObject({ token_usage: { input_tokens: 10, output_tokens: 2 } });
    expect(s.prompts).toEqual(["go", "next"]);
    expect(s.warnings).toEqual([]);
    expect(parseWholeFile(geminiParser, bytes, FILE).checkpoint.stats).toMatchObject({
      lines: 7,
      malformedLines: 0,
    });
    expectSameEventsInPieces(geminiParser, bytes, FILE);
  });

  it("keeps the newest version unparsed in the checkpoint until the next record shows it is the last", () => {
    const head = jsonl(header("sess-held"), user("u1", 1, "go"), gemini("g1", 2, { content: "wor" }), FINAL);
    const first = geminiParser.parse(head, geminiParser.initial(FILE), FILE);
    expect(first.checkpoint.state.held?.record).toMatchObject({ content: "wor" });
    expect(first.checkpoint.state.newer).toEqual({ line: 4, raw: JSON.stringify(FINAL) });
    const second = geminiParser.parse(jsonl(user("u2", 3, "next")), first.checkpoint, FILE);
    expect(second.events.map((event) => event.type)).toEqual(["message"]);
    expect(second.events[0]?.data).toMatchObject({ content: "done" });
    expect(second.checkpoint.state.newer).toBeNull();
  });

  it("continues from a checkpoint saved before the unparsed version was kept", () => {
    const head = jsonl(header("sess-old"), user("u1", 1, "go"), gemini("g1", 2, { content: "done" }));
    const first = geminiParser.parse(head, geminiParser.initial(FILE), FILE);
    const { newer: _newer, ...oldState } = first.checkpoint.state;
    const old = { ...first.checkpoint, state: oldState as typeof first.checkpoint.state };
    const second = geminiParser.parse(jsonl(user("u2", 3, "next")), old, FILE);
    // u2 is the newest message now: held until the next one.
    expect(second.events.map((event) => event.data)).toEqual([expect.objectContaining({ content: "done" })]);
    expect(second.checkpoint.state.held?.id).toBe("u2");
  });

  it("warns about a last version that is not a valid record and sends the version read before it", () => {
    const bytes = Buffer.concat([
      jsonl(header("sess-torn"), user("u1", 1, "go"), gemini("g1", 2, { content: "first" })),
      Buffer.from('{"id":"g1","timestamp":"2026-05-01T10:00:02.000Z","type":"gem\n'),
      jsonl(user("u2", 3, "next")),
    ]);
    const s = summarize(geminiParser, bytes, FILE);
    expect(s.warnings).toEqual(["4:malformed_line"]);
    const responses = s.events.filter(
      (event) => event.type === "message" && event.data.message_type === "response",
    );
    expect(responses.map((event) => event.data.content)).toEqual(["first"]);
    expectSameEventsInPieces(geminiParser, bytes, FILE);
  });

  it("flush() reads the newest version", () => {
    const bytes = jsonl(
      header("sess-flush"),
      user("u1", 1, "go"),
      gemini("g1", 2, { content: "wor" }),
      FINAL,
    );
    const first = geminiParser.parse(bytes, geminiParser.initial(FILE), FILE);
    const flushed = geminiParser.flush(first.checkpoint, FILE);
    expect(flushed.events.map((event) => event.data)).toEqual([
      expect.objectContaining({ message_type: "response", content: "done" }),
    ]);
    expect(flushed.checkpoint.state.newer).toBeNull();
    expect(flushed.checkpoint.state.held).toBeNull();
  });
});

describe("gemini JSONL: $rewindTo", () => {
  it("keeps the rewound message (it was typed) and names its events as rewound", () => {
    const bytes = jsonl(
      header("sess-rw"),
      user("u1", 1, "first"),
      gemini("g1", 2, { content: "reply" }),
      user("u2", 3, "second"),
      { $rewindTo: "u2" },
      user("u3", 4, "second, reworded"),
      gemini("g3", 5, { content: "ok" }),
    );
    const s = summarize(geminiParser, bytes, FILE);
    expect(s.prompts).toEqual(["first", "second", "second, reworded"]);
    expect(s.responses).toBe(2);
    expect(s.metadata).toEqual([
      { rewinds: [{ to_message_id: "u2", occurred_at: at(3), first_sequence: 4, last_sequence: 4 }] },
    ]);
    expect(s.types).toEqual([
      "session_start",
      "message",
      "message",
      "message",
      "metadata",
      "message",
      "message",
    ]);
    expect(s.events.map((event) => event.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expectSameEventsInPieces(geminiParser, bytes, FILE);
  });

  it("rewinding past sent messages keeps them all, names their range, and lets their ids be reused", () => {
    const bytes = jsonl(
      header("sess-rw2"),
      user("u1", 1, "first"),
      gemini("g1", 2, { content: "reply" }),
      user("u2", 3, "second"),
      gemini("g2", 4, { content: "answered, then rewound" }),
      { $rewindTo: "g1" },
      gemini("g1", 6, { content: "reply again" }),
    );
    const s = summarize(geminiParser, bytes, FILE);
    expect(s.prompts).toEqual(["first", "second"]);
    const responses = s.events.filter(
      (event) => event.type === "message" && event.data.message_type === "response",
    );
    expect(responses.map((event) => [event.sequence, event.data.content])).toEqual([
      [3, "reply"],
      [5, "answered, then rewound"],
      [7, "reply again"],
    ]);
    // g1, u2 and g2 (sequences 3 to 5) were rewound.
    expect(s.metadata).toEqual([
      { rewinds: [{ to_message_id: "g1", occurred_at: at(4), first_sequence: 3, last_sequence: 5 }] },
    ]);
    expect(s.warnings).toEqual([]);
    expectSameEventsInPieces(geminiParser, bytes, FILE);
  });

  it("gives the same events whether the rewound turn was flushed while idle or read in one go", () => {
    const before = jsonl(
      header("sess-rw3"),
      user("u1", 1, "first"),
      gemini("g1", 2, { content: "reply" }),
      user("u2", 3, "try this"),
      gemini("g2", 4, { content: "tried" }),
    );
    const after = jsonl({ $rewindTo: "u2" }, user("u3", 9, "try that"), gemini("g3", 10, { content: "ok" }));
    const whole = parseWholeFile(geminiParser, Buffer.concat([before, after]), FILE);
    // The watcher reads the turn, flushes it once the file is idle, and reads the rewind later.
    const first = geminiParser.parse(before, geminiParser.initial(FILE), FILE);
    const idle = geminiParser.flush(first.checkpoint, FILE);
    const rest = geminiParser.parse(after, idle.checkpoint, FILE);
    const last = geminiParser.flush(rest.checkpoint, FILE);
    expect([...first.events, ...idle.events, ...rest.events, ...last.events]).toEqual(whole.events);
    const rewound = whole.events.filter((event) => event.type === "message" && event.sequence >= 4);
    expect(rewound.slice(0, 2).map((event) => event.data)).toEqual([
      expect.objectContaining({ content: "try this" }),
      expect.objectContaining({ content: "tried" }),
    ]);
    expect(whole.events.find((event) => event.type === "metadata")?.data).toEqual({
      rewinds: [{ to_message_id: "u2", occurred_at: at(4), first_sequence: 4, last_sequence: 5 }],
    });
  });

  it("a rewind to a message it does not remember names no range", () => {
    const s = summarize(
      geminiParser,
      jsonl(header("sess-rw4"), user("u1", 1, "first"), { $rewindTo: "never-seen" }),
      FILE,
    );
    expect(s.prompts).toEqual(["first"]);
    expect(s.metadata).toEqual([{ rewinds: [{ to_message_id: "never-seen", occurred_at: at(1) }] }]);
  });
});

describe("gemini JSONL: $set and headers", () => {
  it("turns summary, directories and other fields into metadata; lastUpdated alone is skipped", () => {
    const bytes = jsonl(
      header("sess-set"),
      user("u1", 1, "hello"),
      { $set: { lastUpdated: at(1) } },
      { $set: { summary: "Greeting the agent", lastUpdated: at(2) } },
      { $set: { directories: ["/home/dev/project", "/home/dev/lib"] } },
      { $set: { memoryScratchpad: { notes: "x" }, sessionId: "sess-set" } },
    );
    const s = summarize(geminiParser, bytes, FILE);
    expect(s.metadata).toEqual([
      { summaries: [{ summary: "Greeting the agent" }] },
      { directories: ["/home/dev/project", "/home/dev/lib"], working_directory: "/home/dev/project" },
      { memory_scratchpad: { notes: "x" } },
    ]);
    const metadata = s.events.filter((event) => event.type === "metadata");
    expect(metadata.map((event) => event.emitted_at)).toEqual([at(2), at(2), at(2)]);
    // Metadata does not release the held prompt early; it is sent at the end.
    expect(s.types).toEqual(["session_start", "metadata", "metadata", "metadata", "message"]);
    expectSameEventsInPieces(geminiParser, bytes, FILE);
  });

  it("a sub-agent file (chats/<parent>/<id>.jsonl, kind subagent): parent id, prompts from the caller", () => {
    const path = `${CHATS}/parent-session-uuid/child-session-uuid.jsonl`;
    const bytes = jsonl(
      header("child-session-uuid", { kind: "subagent", directories: ["/home/dev/project"] }),
      user("u1", 1, "Investigate the failing test"),
      gemini("g1", 2, { content: "Found it." }),
    );
    const s = summarize(geminiParser, bytes, { path });
    expect(s.sessionId).toBe("child-session-uuid");
    expect(s.parentSessionId).toBe("parent-session-uuid");
    expect(s.prompts).toEqual([]);
    expect(s.callerPrompts).toEqual(["Investigate the failing test"]);
    expect(s.events[0]?.data).toMatchObject({
      kind: "subagent",
      parent_session_id: "parent-session-uuid",
      working_directory: "/home/dev/project",
    });
    expect(geminiParser.probe(path, bytes.toString("utf8"))).toBe(true);
  });

  it("a main session in the chats folder has no parent; a header field naming one wins", () => {
    const main = summarize(geminiParser, jsonl(header("m"), user("u1", 1, "hi")), FILE);
    expect(main.parentSessionId).toBeUndefined();
    const named = summarize(
      geminiParser,
      jsonl(header("c", { kind: "subagent", parentSessionId: "p-1" }), user("u1", 1, "task")),
      FILE,
    );
    expect(named.parentSessionId).toBe("p-1");
    expect(named.callerPrompts).toEqual(["task"]);
  });

  it("without a header the session id is the file name", () => {
    const s = summarize(geminiParser, jsonl(user("u1", 1, "hi")), FILE);
    expect(s.sessionId).toBe("session-2026-05-01T10-00-sess0001");
    expect(s.events[0]?.emitted_at).toBe(at(1));
  });
});

describe("gemini JSONL: compaction ($set.messages)", () => {
  const base = [
    header("sess-cmp"),
    user("u1", 1, "build it"),
    gemini("g1", 2, {
      content: "built",
      tokens: { input: 90000, output: 100, cached: 0, thoughts: 0, tool: 0, total: 90100 },
    }),
    user("u2", 3, "now test it"),
    gemini("g2", 4, {
      content: "tested",
      tokens: { input: 120000, output: 50, cached: 80000, thoughts: 0, tool: 0, total: 120050 },
    }),
  ];

  it("a context without its first turn is a compaction: sent after the response before it", () => {
    const bytes = jsonl(
      ...base,
      // masking / sync: the first turn is still there -> no compaction
      {
        $set: { messages: [user("u1", 1, "build it"), gemini("g1", 2), user("u2", 3, "x"), gemini("g2", 4)] },
      },
      {
        $set: {
          messages: [
            {
              id: "s1",
              type: "user",
              content: [{ text: "<state_snapshot>built and tested</state_snapshot>" }],
            },
            { id: "s2", type: "gemini", content: [{ text: "Got it." }] },
          ],
          lastUpdated: at(5),
        },
      },
      user("u3", 6, "deploy"),
    );
    const s = summarize(geminiParser, bytes, FILE);
    expect(s.metadata).toEqual([
      {
        compaction: {
          occurred_at: at(5),
          pre_tokens: 120000,
          summary: "<state_snapshot>built and tested</state_snapshot>",
        },
      },
    ]);
    const compaction = s.events.findIndex((event) => event.type === "metadata");
    const g2 = s.events.findIndex((event) => event.type === "message" && event.data.message_id === "g2");
    expect(g2).toBeLessThan(compaction);
    expect(s.prompts).toEqual(["build it", "now test it", "deploy"]);
    expectSameEventsInPieces(geminiParser, bytes, FILE);
  });

  it("a second compaction is recognized against the new context", () => {
    const snapshot = (id: string) => ({
      $set: {
        messages: [
          { id, type: "user", content: `summary ${id}` },
          { id: `${id}-ack`, type: "gemini", content: "ok" },
        ],
      },
    });
    const bytes = jsonl(
      ...base,
      snapshot("s1"),
      { $set: { messages: [{ id: "s1", type: "user", content: "summary s1" }, user("u3", 6, "more")] } },
      snapshot("s2"),
    );
    const s = summarize(geminiParser, bytes, FILE);
    expect(s.metadata.map((data) => (data.compaction as { summary?: string }).summary)).toEqual([
      "summary s1",
      "summary s2",
    ]);
  });
});

describe("gemini JSONL: bad input", () => {
  it("counts malformed lines and unknown types, warns about bad shapes, never throws", () => {
    const bytes = Buffer.concat([
      jsonl(header("sess-bad"), user("u1", 1, "hi")),
      Buffer.from("not json\n[1,2]\n"),
      jsonl(
        { id: "x1", timestamp: at(2), type: "compression", content: "?" },
        { id: 42, type: "user", content: "id is a number" },
        { $set: "nope" },
        { $rewindTo: 7 },
        { $patch: { foo: 1 } },
        { id: "g1", timestamp: at(3), type: "gemini", toolCalls: "not a list" },
        gemini("g2", 4, { content: "fine", tokens: null }),
      ),
    ]);
    const parsed = parseWholeFile(geminiParser, bytes, FILE);
    expect(parsed.checkpoint.stats).toEqual({
      lines: 11,
      malformedLines: 2,
      unknownTypes: { compression: 1, "(no type)": 1 },
      events: 3,
    });
    expect(parsed.warnings.map((warning) => `${warning.line}:${warning.kind}`)).toEqual([
      "3:malformed_line",
      "4:malformed_line",
      "5:unknown_line_type",
      "6:invalid_record",
      "7:invalid_record",
      "8:invalid_record",
      "9:unknown_line_type",
      "10:invalid_record",
    ]);
    expect(parsed.events.map((event) => event.type)).toEqual(["session_start", "message", "message"]);
    expectSameEventsInPieces(geminiParser, bytes, FILE);
  });

  it("events before any timestamp wait for one; a file without any uses the epoch", () => {
    const late = jsonl(
      { sessionId: "sess-nots", projectHash: "abc" },
      { $set: { summary: "s" } },
      { id: "u1", type: "user", content: "hi" },
      { id: "g1", timestamp: at(9), type: "gemini", content: "hello" },
    );
    const s = summarize(geminiParser, late, FILE);
    expect(s.events.map((event) => event.emitted_at)).toEqual([at(9), at(9), at(9), at(9)]);
    expectSameEventsInPieces(geminiParser, late, FILE);
    const none = jsonl(
      { sessionId: "sess-none", projectHash: "abc" },
      { id: "u1", type: "user", content: "hi" },
    );
    const n = summarize(geminiParser, none, FILE);
    expect(n.events.map((event) => event.emitted_at)).toEqual([
      "1970-01-01T00:00:00.000Z",
      "1970-01-01T00:00:00.000Z",
    ]);
    expect(n.prompts).toEqual(["hi"]);
  });

  it("does not mutate the checkpoint it is given", () => {
    const first = geminiParser.parse(updates.subarray(0, 400), geminiParser.initial(FILE), FILE);
    const snapshot = JSON.stringify(first.checkpoint);
    geminiParser.parse(updates.subarray(first.checkpoint.offset), first.checkpoint, FILE);
    geminiParser.flush(first.checkpoint, FILE);
    expect(JSON.stringify(first.checkpoint)).toBe(snapshot);
  });
});

describe("gemini JSONL: prompts and limits", () => {
  it("a prompt is what the person typed (displayContent); slash commands are context", () => {
    const bytes = jsonl(
      header("sess-typed"),
      {
        id: "u1",
        timestamp: at(1),
        type: "user",
        content: [
          { text: "Explain @src/a.ts" },
          { text: "\n--- Content from referenced files ---\nexport {}" },
        ],
        displayContent: [{ text: "Explain @src/a.ts" }],
      },
      user("u2", 2, "/stats model"),
      user("u3", 3, "//not a command"),
    );
    const s = summarize(geminiParser, bytes, FILE);
    expect(s.prompts).toEqual(["Explain @src/a.ts", "//not a command"]);
    const command = s.events.find((event) => event.type === "message" && event.data.message_id === "u2");
    expect(command?.data).toEqual({
      author_role: "system",
      message_type: "context",
      content: "/stats model",
      message_id: "u2",
      command: "stats",
    });
  });

  it("keeps names, ids, text and tool JSON within the protocol limits", () => {
    const huge = "x".repeat(1_200_000);
    const bytes = jsonl(
      header("sess-big"),
      user("u1", 1, huge),
      gemini("g1", 2, {
        content: huge,
        model: `gemini\n${"m".repeat(400)}`,
        toolCalls: [
          {
            id: "i".repeat(300),
            name: "bad\u0007name",
            args: "just a string",
            status: "success",
            result: [{ functionResponse: { response: { output: '"'.repeat(900_000) } } }],
          },
          { name: "write_file", args: { file_path: "/a", content: huge }, status: "cancelled" },
        ],
      }),
    );
    const parsed = parseWholeFile(geminiParser, bytes, FILE);
    for (const event of parsed.events) expect(() => toProtocolEvent(event, at(0))).not.toThrow();
    const calls = parsed.events.filter((event) => event.type === "tool_call");
    expect(calls.map((event) => event.data.tool_name)).toEqual(["bad name", "write_file"]);
    expect(calls[0]?.data.tool_use_id).toHaveLength(256);
    expect(calls[0]?.data.parameters).toEqual({ input: "just a string" });
    expect(calls[1]?.data.parameters).toMatchObject({ truncated: true });
    const results = parsed.events.filter((event) => event.type === "tool_result");
    expect(results.map((event) => event.data.success)).toEqual([true, false]);
  });
});
