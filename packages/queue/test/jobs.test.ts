// The payload schemas and job ids, without Redis.
import { describe, expect, it } from "@jest/globals";

import {
  completeSessionJobId,
  completeSessionJobSchema,
  ingestBatchJobId,
  ingestBatchJobSchema,
  InvalidJobPayloadError,
  parseJobPayload,
  resolveIdleSweepSchedule,
  tagConversationJobId,
  tagConversationJobSchema,
} from "../src";
import { ingestBatchInput } from "./helpers";

function issuesOf(input: unknown): { path: string; message: string }[] {
  const result = ingestBatchJobSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

describe("ingestBatchJobSchema", () => {
  it("accepts the seed batch and normalizes agent_type", () => {
    const job = ingestBatchJobSchema.parse(ingestBatchInput());
    const start = job.events[0];
    expect(start?.type).toBe("session_start");
    if (start?.type === "session_start") expect(start.data.agent_type).toBe("claude_code");
  });

  it("parses its own output again to the same value (payloads are parsed on enqueue and on dequeue)", () => {
    const once = ingestBatchJobSchema.parse(ingestBatchInput());
    expect(ingestBatchJobSchema.parse(JSON.parse(JSON.stringify(once)))).toEqual(once);
  });

  it("accepts a batch in the middle of a session", () => {
    const input = ingestBatchInput();
    const events = input.events.slice(2, 5);
    expect(issuesOf({ ...input, events, first_sequence: 3, last_sequence: 5 })).toEqual([]);
  });

  it("rejects a hole, a duplicate and an unsorted batch at the first offending event", () => {
    const input = ingestBatchInput();
    const [e1, e2, e3] = input.events;
    expect(issuesOf({ ...input, events: [e1, e3], last_sequence: 2 })).toEqual([
      { path: "events.1.sequence", message: expect.stringContaining("expected sequence 2, got 3") },
    ]);
    expect(issuesOf({ ...input, events: [e1, e1, e2], last_sequence: 3 })).toEqual([
      { path: "events.1.sequence", message: expect.stringContaining("expected sequence 2, got 1") },
    ]);
    expect(issuesOf({ ...input, events: [e2, e1], last_sequence: 2 })).toEqual([
      { path: "events.0.sequence", message: expect.stringContaining("expected sequence 1, got 2") },
    ]);
  });

  it("rejects a range that does not match the events", () => {
    const input = ingestBatchInput();
    expect(issuesOf({ ...input, last_sequence: 7 })).toEqual([
      { path: "events", message: "must hold the 7 events 1..7, holds 6" },
    ]);
    expect(issuesOf({ ...input, first_sequence: 2 })).toEqual([
      { path: "events", message: "must hold the 5 events 2..6, holds 6" },
      { path: "events.0.sequence", message: expect.stringContaining("expected sequence 2, got 1") },
    ]);
    expect(issuesOf({ ...input, first_sequence: 7, last_sequence: 6 })).toEqual([
      { path: "last_sequence", message: "last_sequence 6 is below first_sequence 7" },
    ]);
  });

  it("rejects bad envelope fields", () => {
    const input = ingestBatchInput();
    const paths = issuesOf({
      ...input,
      workspace_id: "not-a-uuid",
      source: "fax",
      first_sequence: 0,
      server_received_at: "yesterday",
      events: [],
    }).map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining(["workspace_id", "source", "first_sequence", "server_received_at", "events"]),
    );
    expect(issuesOf({ ...input, collector_id: null })).toEqual([]);
  });

  it("has a deterministic job id without ':' that is not an integer", () => {
    const job = ingestBatchJobSchema.parse(ingestBatchInput());
    const id = ingestBatchJobId(job);
    expect(id).toBe(`batch-${job.conversation_id}-1-6`);
    expect(id).not.toContain(":");
    expect(ingestBatchJobId({ ...job })).toBe(id);
  });
});

describe("tagConversationJobSchema", () => {
  it("accepts a request and gives it an id per conversation and instant", () => {
    const job = tagConversationJobSchema.parse({
      workspace_id: "6f1c3a2e-4b5d-4e6f-8a9b-0c1d2e3f4a5b",
      conversation_id: "0b7e6f2a-1c3d-5e4f-9a8b-7c6d5e4f3a2b",
      reason: "session_end",
      requested_at: "2025-06-01T09:01:00.000+00:00",
    });
    expect(tagConversationJobId(job)).toBe(
      `tag-0b7e6f2a-1c3d-5e4f-9a8b-7c6d5e4f3a2b-${Date.UTC(2025, 5, 1, 9, 1)}`,
    );
    expect(tagConversationJobSchema.safeParse({ ...job, reason: "because" }).success).toBe(false);
  });
});

describe("completeSessionJobSchema", () => {
  it("accepts a completion, also of a session without events yet, and gives it an id per request", () => {
    const job = completeSessionJobSchema.parse({
      workspace_id: "6f1c3a2e-4b5d-4e6f-8a9b-0c1d2e3f4a5b",
      conversation_id: "0b7e6f2a-1c3d-5e4f-9a8b-7c6d5e4f3a2b",
      session_id: "session-1",
      outcome: "abandoned",
      up_to_sequence: 0,
      requested_at: "2025-06-01T09:02:00.000Z",
    });
    expect(completeSessionJobId(job)).toBe(
      `complete-0b7e6f2a-1c3d-5e4f-9a8b-7c6d5e4f3a2b-0-${Date.UTC(2025, 5, 1, 9, 2)}`,
    );
    expect(completeSessionJobSchema.safeParse({ ...job, up_to_sequence: -1 }).success).toBe(false);
  });
});

describe("parseJobPayload", () => {
  it("throws InvalidJobPayloadError with the zod issues and no values in the message", () => {
    const input = ingestBatchInput();
    const secret = "SECRET-CONTENT";
    const event = {
      ...input.events[1],
      data: { author_role: secret, message_type: "prompt", content: secret },
    };
    let thrown: unknown;
    try {
      parseJobPayload("ingest-batch", ingestBatchJobSchema, { ...input, events: [input.events[0], event] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidJobPayloadError);
    const error = thrown as InvalidJobPayloadError;
    expect(error.jobName).toBe("ingest-batch");
    expect(error.issues.length).toBeGreaterThan(0);
    expect(error.message).toContain("events.1.data.author_role");
    expect(error.message).not.toContain(secret);
  });
});

describe("resolveIdleSweepSchedule", () => {
  it("defaults to every minute with an empty payload and checks its input", () => {
    expect(resolveIdleSweepSchedule()).toEqual({ everyMs: 60_000, payload: {} });
    expect(resolveIdleSweepSchedule({ everyMs: 5_000, payload: { idle_minutes: 30 } })).toEqual({
      everyMs: 5_000,
      payload: { idle_minutes: 30 },
    });
    expect(() => resolveIdleSweepSchedule({ everyMs: 10 })).toThrow(RangeError);
    expect(() => resolveIdleSweepSchedule({ payload: { idle_minutes: 0 } })).toThrow(InvalidJobPayloadError);
  });
});
