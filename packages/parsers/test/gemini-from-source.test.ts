// Gemini CLI chats written the way current Gemini CLI writes them (test/fixtures/gemini/from-source, see its
// README): tool responses recorded as `user` records, a sub-agent chat, a /rewind, and the project root that
// only the folder's `.project_root` names.
import { describe, expect, it } from "@jest/globals";

import { geminiLegacyParser, geminiParser } from "../src/gemini";
import { summarize } from "./gemini-helpers";
import { expectSameEventsInPieces, fixturePath, readFixture } from "./support";

const MAIN = "gemini/from-source/tmp/catsyphon/chats/session-2026-08-20T10-00-5e1b2c3d.jsonl";
const CHILD =
  "gemini/from-source/tmp/catsyphon/chats/5e1b2c3d-0000-4000-8000-000000000001/" +
  "7a1f0c2e-0000-4000-8000-00000000000a.jsonl";
const ROOT = "/home/dana/work/catsyphon";

describe("gemini chats as current Gemini CLI writes them", () => {
  it("tool responses (user records of functionResponse parts) are tool results of their calls, not prompts", () => {
    const s = summarize(geminiParser, readFixture(MAIN), { path: fixturePath(MAIN), projectRoot: ROOT });
    expect(s.prompts).toEqual([
      "What does package.json run for tests?",
      "Ask the investigator why the build is slow.",
      "Rewrite the build in Bazel.",
      "Remove the second type check instead.",
    ]);
    expect(s.callerPrompts).toEqual([]);
    expect(s.responses).toBe(6);
    expect(s.toolCallIds).toEqual(["read_file_1755684003000_0", "codebase_investigator_1755684012000_0"]);
    // One result per call (the call's record carried it; the user record repeats it and adds nothing).
    expect(s.events.filter((event) => event.type === "tool_result")).toHaveLength(2);
    expect(s.toolResults).toEqual({
      read_file_1755684003000_0: true,
      codebase_investigator_1755684012000_0: true,
    });
    // The sub-agent call names the agent it ran.
    const agentCall = s.events.find(
      (event) =>
        event.type === "tool_result" && event.data.tool_use_id === "codebase_investigator_1755684012000_0",
    );
    expect(agentCall?.data).toMatchObject({ agent_id: "7a1f0c2e-0000-4000-8000-00000000000a" });
    expect(s.warnings).toEqual([]);
  });

  it("the working directory is the project root the caller found, and the rewound turn stays, named", () => {
    const s = summarize(geminiParser, readFixture(MAIN), { path: fixturePath(MAIN), projectRoot: ROOT });
    expect(s.events[0]?.data).toMatchObject({ agent_type: "gemini", working_directory: ROOT });
    const rewound = s.events.filter(
      (event) => event.type === "message" && ["u-0005", "g-0005"].includes(String(event.data.message_id)),
    );
    expect(rewound).toHaveLength(2);
    expect(s.metadata).toContainEqual({
      rewinds: [
        {
          to_message_id: "u-0005",
          occurred_at: "2026-08-20T10:00:52.000Z",
          first_sequence: rewound[0]?.sequence,
          last_sequence: rewound[1]?.sequence,
        },
      ],
    });
    // Both rewound responses were paid for: their tokens count.
    expect(s.tokens.input).toBe(4210 + (4302 - 4096) + (4400 - 4096) + (4500 - 4096) + (4600 - 4096) + 524);
  });

  it("without a project root the session has no working directory", () => {
    const s = summarize(geminiParser, readFixture(MAIN), { path: fixturePath(MAIN) });
    expect(s.events[0]?.data).not.toHaveProperty("working_directory");
  });

  it("an older .json chat gets the project root too; a folder named in the header wins over it", () => {
    const document = {
      sessionId: "legacy",
      projectHash: "h",
      startTime: "2026-03-01T09:00:00.000Z",
      messages: [{ id: "u1", timestamp: "2026-03-01T09:00:01.000Z", type: "user", content: "hi" }],
    };
    const path = "/home/dana/.gemini/tmp/catsyphon/chats/session-legacy.json";
    const legacy = summarize(geminiLegacyParser, Buffer.from(JSON.stringify(document)), {
      path,
      projectRoot: ROOT,
    });
    expect(legacy.events[0]?.data).toMatchObject({ working_directory: ROOT });
    const named = summarize(
      geminiLegacyParser,
      Buffer.from(JSON.stringify({ ...document, directories: ["/home/dana/elsewhere"] })),
      { path, projectRoot: ROOT },
    );
    expect(named.events[0]?.data).toMatchObject({ working_directory: "/home/dana/elsewhere" });
  });

  it("sub-agent chat: its tool responses are not caller prompts; parent from the folder", () => {
    const s = summarize(geminiParser, readFixture(CHILD), { path: fixturePath(CHILD), projectRoot: ROOT });
    expect(s.sessionId).toBe("7a1f0c2e-0000-4000-8000-00000000000a");
    expect(s.parentSessionId).toBe("5e1b2c3d-0000-4000-8000-000000000001");
    expect(s.callerPrompts).toEqual(["Why is the build slow?"]);
    expect(s.prompts).toEqual([]);
    expect(s.toolResults).toEqual({ grep_search_1755684015000_0: true });
    expect(s.events.filter((event) => event.type === "tool_result")).toHaveLength(1);
  });

  it("same events whole and in pieces", () => {
    for (const path of [MAIN, CHILD]) {
      expectSameEventsInPieces(geminiParser, readFixture(path), {
        path: fixturePath(path),
        projectRoot: ROOT,
      });
    }
  });

  it("a tool response whose call's record has no result yet is the call's result", () => {
    const bytes = Buffer.from(
      [
        { sessionId: "s", projectHash: "h", startTime: "2026-08-20T10:00:00.000Z", kind: "main" },
        {
          id: "g1",
          timestamp: "2026-08-20T10:00:01.000Z",
          type: "gemini",
          content: "",
          toolCalls: [
            { id: "c1", name: "run_shell_command", args: { command: "false" }, status: "executing" },
          ],
        },
        {
          id: "u1",
          timestamp: "2026-08-20T10:00:02.000Z",
          type: "user",
          content: [
            { functionResponse: { id: "c1", name: "run_shell_command", response: { error: "exit 1" } } },
            { text: "[hook] the command failed" },
          ],
        },
      ]
        .map((record) => JSON.stringify(record))
        .join("\n") + "\n",
    );
    const s = summarize(geminiParser, bytes, { path: "/home/u/.gemini/tmp/p/chats/session-x.jsonl" });
    expect(s.prompts).toEqual([]);
    expect(s.toolResults).toEqual({ c1: false });
    const context = s.events.filter(
      (event) => event.type === "message" && event.data.author_role === "system",
    );
    expect(context.map((event) => event.data)).toEqual([
      {
        author_role: "system",
        message_type: "context",
        content: "[hook] the command failed",
        message_id: "u1",
      },
    ]);
  });
});
