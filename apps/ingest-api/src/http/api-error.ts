import { ERROR_HTTP_STATUS, type ErrorBody, type ErrorCode } from "@catsyphon/protocol";

/**
 * The one error type handlers throw: it carries the protocol's machine code (and so the HTTP status), a message
 * that says what to fix, optional details, extra body fields (e.g. expected_sequence) and response headers.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: {
      details?: unknown;
      extra?: Record<string, unknown>;
      headers?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
  }

  get status(): number {
    return ERROR_HTTP_STATUS[this.code];
  }

  toBody(): ErrorBody & Record<string, unknown> {
    const body: ErrorBody & Record<string, unknown> = { error: this.code, message: this.message };
    if (this.options.details !== undefined) body.details = this.options.details;
    return { ...body, ...this.options.extra };
  }
}

export const unavailable = (what: string, cause: unknown) =>
  new ApiError("service_unavailable", `${what} is unavailable; retry later`, {
    cause,
    headers: { "Retry-After": "5" },
  });
