import { describe, expect, it } from "@jest/globals";

import {
  builtinCredentialsResponseSchema,
  collectorRegistrationRequestSchema,
  collectorRegistrationResponseSchema,
  eventBatchAcceptedSchema,
  sequenceGapErrorSchema,
  sessionCompleteRequestSchema,
  sessionCompleteResponseSchema,
  sessionStatusSchema,
} from "./responses";

const conversationId = "8a7d5c1e-3b2f-5e4d-9c8b-7a6f5e4d3c2b";
const uuid = "0b9e8f7a-6d5c-4b3a-8f1e-2d3c4b5a6f7e";

describe("collector endpoint shapes", () => {
  it("202 batch accepted", () => {
    const body = {
      accepted: 3,
      duplicates: 1,
      last_sequence: 9,
      conversation_id: conversationId,
      warnings: ["x"],
    };
    expect(eventBatchAcceptedSchema.parse(body)).toEqual(body);
    expect(eventBatchAcceptedSchema.safeParse({ ...body, conversation_id: "nope" }).success).toBe(false);
  });

  it("409 sequence gap", () => {
    const body = { error: "sequence_gap", message: "expected 6", expected_sequence: 6, last_sequence: 5 };
    expect(sequenceGapErrorSchema.parse(body)).toEqual(body);
    expect(sequenceGapErrorSchema.safeParse({ ...body, error: "not_found" }).success).toBe(false);
  });

  it("session status, with optional fields absent or null", () => {
    const base = {
      session_id: "s",
      conversation_id: conversationId,
      last_sequence: 0,
      event_count: 0,
      first_event_at: null,
      last_event_at: null,
      status: "active",
    };
    expect(sessionStatusSchema.safeParse(base).success).toBe(true);
    expect(sessionStatusSchema.safeParse({ ...base, event_count: null }).success).toBe(false);
    expect(sessionStatusSchema.safeParse({ ...base, last_sequence: null }).success).toBe(false);
    const full = {
      ...base,
      agent_type: "Claude Code",
      started_at: null,
      last_event_at: "2025-06-01T09:00:00Z",
    };
    expect(sessionStatusSchema.parse(full).agent_type).toBe("claude_code");
    expect(sessionStatusSchema.safeParse({ ...base, status: "paused" }).success).toBe(false);
  });

  it("session complete", () => {
    expect(sessionCompleteRequestSchema.parse({ outcome: "abandoned" })).toEqual({ outcome: "abandoned" });
    expect(sessionCompleteRequestSchema.safeParse({ summary: "x" }).success).toBe(false);
    const response = {
      session_id: "s",
      conversation_id: conversationId,
      status: "completed",
      outcome: "success",
      total_events: 3,
    };
    expect(sessionCompleteResponseSchema.parse(response)).toEqual(response);
  });

  it("collector registration and credentials", () => {
    const request = {
      collector_type: "watcher",
      collector_version: "0.1.0",
      hostname: "h",
      metadata: { os: "linux" },
    };
    expect(collectorRegistrationRequestSchema.parse(request)).toEqual(request);
    expect(collectorRegistrationRequestSchema.safeParse({ ...request, hostname: "" }).success).toBe(false);

    const credentials = {
      collector_id: uuid,
      api_key: "cs_live_AbCdEfGhIjKlMnOpQrStUvWxYz012345",
      api_key_prefix: "cs_live_AbCdEfGh",
      workspace_id: conversationId,
      created_at: "2026-03-01T12:00:00.123Z",
    };
    expect(collectorRegistrationResponseSchema.parse(credentials)).toEqual(credentials);
    expect(builtinCredentialsResponseSchema.parse(credentials)).toEqual(credentials);
    expect(builtinCredentialsResponseSchema.safeParse({ ...credentials, api_key: "secret" }).success).toBe(
      false,
    );
  });
});
