import { describe, expect, it } from "@jest/globals";

import { agentTypeSchema, isKnownAgentType, normalizeAgentType } from "./agent-type";

describe("normalizeAgentType", () => {
  it.each([
    ["claude_code", "claude_code"],
    ["claude-code", "claude_code"],
    ["Claude Code", "claude_code"],
    ["  CLAUDE--CODE ", "claude_code"],
    ["codex", "codex"],
    ["codex-cli", "codex"],
    ["OpenAI Codex", "codex"],
    ["gemini", "gemini"],
    ["Gemini CLI", "gemini"],
    ["gemini_cli", "gemini"],
    ["claude_code", "claude_code"],
  ])("%j -> %j", (raw, expected) => {
    expect(normalizeAgentType(raw)).toBe(expected);
    expect(agentTypeSchema.parse(raw)).toBe(expected);
  });
});

describe("agentTypeSchema", () => {
  it.each([
    ["aider", "aider"],
    ["cursor", "cursor"],
    ["Aider", "Aider"],
    ["my-agent.v2", "my-agent.v2"],
    ["aider/chat", "aider/chat"],
    ["agënt", "agënt"],
    ["  spaced  ", "spaced"],
  ])("keeps an agent it does not know as sent (trimmed): %j -> %j", (raw, expected) => {
    expect(agentTypeSchema.parse(raw)).toBe(expected);
  });

  it.each([
    ["empty", "", /must not be empty/],
    ["only spaces", "   ", /must not be empty/],
    ["over 64 characters", "a".repeat(65), /at most 64/],
    ["a control character", "agent\u0000x", /control characters/],
  ])("rejects %s", (_label, raw, message) => {
    const result = agentTypeSchema.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it("rejects an absurdly long input before normalizing it", () => {
    expect(agentTypeSchema.safeParse("a".repeat(10_000)).error?.issues[0]?.message).toMatch(/at most 256/);
  });
});

describe("isKnownAgentType", () => {
  it("knows the canonical names only", () => {
    expect(isKnownAgentType("claude_code")).toBe(true);
    expect(isKnownAgentType("gemini")).toBe(true);
    expect(isKnownAgentType("claude-code")).toBe(false);
    expect(isKnownAgentType("aider")).toBe(false);
  });
});
