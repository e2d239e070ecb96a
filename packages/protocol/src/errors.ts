// One error body everywhere (DESIGN §2): `{error: <machine code>, message, details?}`.
import { z } from "zod";

export const ERROR_CODES = [
  "invalid_body",
  "unauthorized",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "sequence_gap",
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
