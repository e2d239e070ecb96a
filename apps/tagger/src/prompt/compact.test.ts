import { describe, expect, it } from "@jest/globals";

import { computeRuleTags } from "../rules/rule-tags";
import { type Transcript, type TranscriptMessage } from "../transcript";
import { compactTranscript, snippet } from "./compact";

function session(size: number): Transcript {
  const messages: TranscriptMessage[] = Array.from({ length: size }, (_, index) => ({
    sequence: index + 1,
    role: index % 2 === 0 ? "human" : "assistant",
    type: index % 2 === 0 ? "prompt" : "response",
    content: `${index === 0 ? "FIRST " : ""}message ${index} ${"lorem ipsum ".repeat(40)}`,
    toolCalls: [],
    errorType: undefined,
  }));
  return {
    conversationId: "c",
    workspaceId: "w",
    agentType: "codex",
    outcome: null,
    messages,
    filePaths: [],
    storedTags: {},
  };
}

describe("compactTranscript", () => {
  it("stays within the budget whatever the size, keeping the first prompt and the end", () => {
    for (const size of [10, 200, 10_000]) {
      const transcript = session(size);
      const text = compactTranscript(transcript, computeRuleTags(transcript, undefined), 12_000);
      expect(text.length).toBeLessThanOrEqual(12_000);
      expect(text).toContain("FIRST message 0");
      expect(text).toContain(`message ${size - 1} `);
    }
    const small = session(200);
    const large = session(10_000);
    const smallSize = compactTranscript(small, computeRuleTags(small, undefined), 12_000).length;
    const largeSize = compactTranscript(large, computeRuleTags(large, undefined), 12_000).length;
    expect(Math.abs(largeSize - smallSize)).toBeLessThan(2_000);
  });

  it("redacts secrets, including a private key cut before its end", () => {
    expect(snippet("key sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 ok", 200)).toBe(
      "key [REDACTED:anthropic_key] ok",
    );
    const cut = snippet(`-----BEGIN OPENSSH PRIVATE KEY-----\n${"b".repeat(3_000)}`, 100);
    expect(cut).toBe("[REDACTED:private_key]");
  });
});
