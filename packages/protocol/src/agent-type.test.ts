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
    ["Aider", "aider"],
    ["my-agent.v2", "my_agent.v2"],
  ])("%j -> %j", (raw, expected) => {
    expect(normalizeAgentType(raw)).toBe(expected);
    expect(agentTypeSchema.parse(raw)).toBe(expected);
  });
});

describe("agentTypeSchema", () => {
  it.each([
    ["empty", ""],
    ["only spaces", "   "],
    ["a slash", "aider/chat"],
    ["non-ASCII letters", "agënt"],
    ["over 64 characters once normalized", "a".repeat(65)],
  ])("rejects %s", (_label, raw) => {
    const result = agentTypeSchema.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/must normalize to/);
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
