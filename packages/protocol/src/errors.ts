// One error body everywhere (DESIGN §2): `{error: <machine code>, message, details?}`.
import { z } from "zod";

export const ERROR_CODES = [
  "invalid_body",
  "unauthorized",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "sequence_gap",
  "session_conflict",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "internal_error",
  "service_unavailable",
] as const;
export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** The HTTP status that goes with each error code. */
export const ERROR_HTTP_STATUS = {
  invalid_body: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  sequence_gap: 409,
  session_conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const satisfies Record<ErrorCode, number>;

/** One validation problem: `path` is the dotted path into the body (`events.0.data.agent_type`; "" = root). */
export const issueDetailSchema = z.object({ path: z.string(), message: z.string() });
export type IssueDetail = z.infer<typeof issueDetailSchema>;

export const errorBodySchema = z.object({
  error: errorCodeSchema,
  message: z.string(),
  details: z.unknown().optional().describe("for invalid_body: an array of {path, message}"),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return details === undefined ? { error: code, message } : { error: code, message, details };
}

/** Turns zod issues into `{path, message}` pairs with dotted paths, for the `details` of a 400. */
export function zodIssuesToDetails(error: z.ZodError | readonly z.core.$ZodIssue[]): IssueDetail[] {
  // Not `instanceof`: a ZodError from another copy of zod must work too.
  const issues = "issues" in error ? error.issues : error;
  return issues.map((issue) => ({
    path: issue.path.map((key) => String(key)).join("."),
    message: issue.message,
  }));
}

/** The 400 body for a request that failed validation. */
export function invalidBodyError(error: z.ZodError, message = "The request body is invalid"): ErrorBody {
  return errorBody("invalid_body", message, zodIssuesToDetails(error));
}

/**
 * 409 of POST /collectors/events when a resubmitted sequenced event differs from the event the session holds at
 * that sequence: two sources (files, machines) send one session id. Nothing of the batch was accepted.
 */
export const sessionConflictErrorSchema = errorBodySchema.extend({
  error: z.literal("session_conflict"),
  first_conflicting_sequence: z
    .int()
    .min(1)
    .describe("the lowest sequence of the batch whose content differs from what the session holds"),
  last_sequence: z.int().min(0).describe("the session's last accepted sequence"),
});
export type SessionConflictError = z.infer<typeof sessionConflictErrorSchema>;
