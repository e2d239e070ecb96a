import { describe, expect, it } from "@jest/globals";
import { z } from "zod";

import { eventBatchSchema } from "./batch";
import {
  ERROR_CODES,
  ERROR_HTTP_STATUS,
  errorBody,
  errorBodySchema,
  invalidBodyError,
  zodIssuesToDetails,
} from "./errors";

describe("zodIssuesToDetails", () => {
  it("joins issue paths with dots", () => {
    const result = eventBatchSchema.safeParse({
      session_id: "s",
      events: [
        {
          sequence: 1,
          type: "session_start",
          emitted_at: "2025-06-01T09:00:00Z",
          observed_at: "2025-06-01T09:00:00Z",
          data: { agent_version: "1" },
        },
      ],
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(zodIssuesToDetails(result.error)).toEqual([
      { path: "events.0.data.agent_type", message: "Invalid input: expected string, received undefined" },
    ]);
  });

  it("gives an empty path for a root issue and accepts a bare issue list", () => {
    const result = eventBatchSchema.safeParse("not an object");
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(zodIssuesToDetails(result.error.issues)).toEqual([
      { path: "", message: "Invalid input: expected object, received string" },
    ]);
  });
});

describe("error bodies", () => {
  it("errorBody leaves details out unless given", () => {
    expect(errorBody("not_found", "no such session")).toEqual({
      error: "not_found",
      message: "no such session",
    });
    expect(errorBody("rate_limited", "slow down", { retry_after_seconds: 3 })).toEqual({
      error: "rate_limited",
      message: "slow down",
      details: { retry_after_seconds: 3 },
    });
  });

  it("invalidBodyError is a valid error body with issue details", () => {
    const error = z.object({ a: z.string() }).safeParse({}).error;
    expect(error).toBeDefined();
    if (!error) return;
    const body = invalidBodyError(error);
    expect(errorBodySchema.parse(body)).toEqual({
      error: "invalid_body",
      message: "The request body is invalid",
      details: [{ path: "a", message: "Invalid input: expected string, received undefined" }],
    });
  });

  it("rejects an unknown error code", () => {
    expect(errorBodySchema.safeParse({ error: "teapot", message: "x" }).success).toBe(false);
  });

  it("maps every code to an HTTP error status", () => {
    for (const code of ERROR_CODES) {
      expect(ERROR_HTTP_STATUS[code]).toBeGreaterThanOrEqual(400);
    }
    expect(ERROR_HTTP_STATUS.sequence_gap).toBe(409);
  });
});
