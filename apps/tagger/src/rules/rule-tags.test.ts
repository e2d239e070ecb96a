import { describe, expect, it } from "@jest/globals";

import { type Transcript, type TranscriptMessage } from "../transcript";
import { frustrationMarkersIn } from "./frustration";
import { languagesOf } from "./languages";
import { computeRuleTags, heuristicOutcome, reportedOutcome } from "./rule-tags";
import { testFrameworkOf, testRunPassed } from "./test-runs";

let sequence = 0;
const message = (partial: Partial<TranscriptMessage>): TranscriptMessage => ({
  sequence: (sequence += 1),
  role: "assistant",
  type: "response",
  content: "",
  toolCalls: [],
  errorType: undefined,
  ...partial,
});
const prompt = (content: string) => message({ role: "human", type: "prompt", content });
const shell = (command: string, success: boolean, result: string, toolName = "Bash") =>
  message({
    type: "tool_call",
    toolCalls: [{ toolName, toolUseId: `t${sequence}`, parameters: { command }, success, result }],
  });
const transcript = (messages: TranscriptMessage[], filePaths: string[] = []): Transcript => ({
  conversationId: "c",
  workspaceId: "w",
  agentType: "claude_code",
  outcome: null,
  messages,
  filePaths,
  storedTags: {},
});

describe("rule tags", () => {
  it("count tools, failures, retries, errors, interruptions and test runs", () => {
    const tags = computeRuleTags(
      transcript(
        [
          prompt("make the tests pass"),
          shell("npx jest src", false, "Tests: 2 failed, 3 passed"),
          shell("npx jest src", false, "Tests: 1 failed, 4 passed"),
          message({ type: "error", role: "system", content: "Overloaded", errorType: "api_error" }),
          prompt("[Request interrupted by user for tool use]"),
          shell("cargo test", true, "test result: ok. 5 passed", "shell"),
          message({ content: "Done." }),
        ],
        ["src/a.ts", "src/b.tsx", "lib.rs", "README.md", "src/a.ts"],
      ),
      undefined,
    );
    expect(tags).toMatchObject({
      has_errors: true,
      error_count: 3,
      tool_failures: 2,
      tool_retries: 1,
      interruptions: 1,
      tools_used: { Bash: 2, shell: 1 },
      languages: { typescript: 2, markdown: 1, rust: 1 },
      files_touched_count: 4,
      test_runs: { count: 3, frameworks: ["jest", "cargo test"], last_passed: true, failed: 2 },
      user_message_count: 1,
      outcome: "unknown",
    });
  });

  it("guess the outcome from how the session ends, unless the session reported one", () => {
    expect(heuristicOutcome([prompt("a"), message({ content: "b" }), prompt("are you there?")])).toBe(
      "abandoned",
    );
    expect(
      heuristicOutcome([
        prompt("a"),
        message({ type: "error", content: "500" }),
        message({ type: "thinking" }),
      ]),
    ).toBe("failure");
    expect(heuristicOutcome([prompt("a"), message({ content: "done" })])).toBe("unknown");
    expect(reportedOutcome("success", undefined)).toBe("success");
    expect(reportedOutcome("success", "success")).toBeUndefined();
    expect(reportedOutcome("unknown", undefined)).toBeUndefined();
    expect(computeRuleTags(transcript([prompt("x")]), "partial").outcome).toBe("partial");
  });

  it("find test commands and their verdicts", () => {
    expect(testFrameworkOf("cd api && python -m pytest -x")).toBe("pytest");
    expect(testFrameworkOf("go test ./...")).toBe("go test");
    expect(testFrameworkOf("pnpm vitest run")).toBe("vitest");
    expect(testFrameworkOf("pnpm test")).toBe("npm test");
    expect(testFrameworkOf("ls -la")).toBeUndefined();
    expect(testRunPassed(true, "--- FAIL: TestX")).toBe(false);
    expect(testRunPassed(undefined, "5 passed in 0.1s")).toBe(true);
    expect(testRunPassed(false, "")).toBe(false);
  });

  it("find frustration in what the user typed", () => {
    expect(frustrationMarkersIn("wtf, it is still broken!!!")).toEqual([
      "profanity",
      "still_broken",
      "repeated_punctuation",
    ]);
    expect(frustrationMarkersIn("Please add a button")).toEqual([]);
  });

  it("name languages by extension and file name", () => {
    expect(languagesOf(["a/Dockerfile", "b.py", "c.PY", "d.unknown", "Makefile"])).toEqual({
      python: 2,
      dockerfile: 1,
      make: 1,
    });
  });
});
