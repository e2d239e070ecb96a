// Typed errors, so callers can tell "fix your input" from "the server said no" from "the network is down".
import { type ErrorCode, type IssueDetail } from "@catsyphon/protocol";

/** Base class of every error the SDK throws. */
export class CatSyphonError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Input that does not satisfy the protocol schemas (an event, a registration, client options). Thrown
 * synchronously by the session helpers, before anything is buffered, so invalid data never reaches the wire.
 */
export class CatSyphonValidationError extends CatSyphonError {
  /** One entry per zod issue; `path` is dotted, relative to what was validated (e.g. `data.author_role`). */
  readonly issues: readonly IssueDetail[];

  constructor(what: string, issues: readonly IssueDetail[]) {
    const summary = issues.map((issue) => `${issue.path || "(root)"}: ${issue.message}`).join("; ");
    super(`invalid ${what}: ${summary}`);
    this.issues = issues;
  }
}

/** The server answered with an error status (after retries, where the status is retryable). */
export class CatSyphonApiError extends CatSyphonError {
  readonly status: number;
  /** The machine code of the error body; `unexpected_response` when the body is not the protocol's error shape. */
  readonly code: ErrorCode | "unexpected_response" | (string & {});
  readonly details: unknown;
  /** Parsed Retry-After of the last response, when it carried one. */
  readonly retryAfterMs: number | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details?: unknown;
    retryAfterMs?: number | undefined;
  }) {
    super(`${init.status} ${init.code}: ${init.message}`);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** 409 `sequence_gap`: the batch did not continue the session; nothing of it was accepted. */
export class CatSyphonSequenceGapError extends CatSyphonApiError {
  readonly expectedSequence: number;
  readonly lastSequence: number;

  constructor(init: { message: string; expectedSequence: number; lastSequence: number }) {
    super({
      status: 409,
      code: "sequence_gap",
      message: init.message,
      details: { expected_sequence: init.expectedSequence, last_sequence: init.lastSequence },
    });
    this.expectedSequence = init.expectedSequence;
    this.lastSequence = init.lastSequence;
  }
}

/**
 * 409 `session_conflict`: an event of the batch differs from the one the session already holds at its sequence,
 * so another source (a second log file, another machine) sends the same session id. Nothing of the batch was
 * accepted; resending it cannot succeed (not retried). The writer stops at this batch.
 */
export class CatSyphonSessionConflictError extends CatSyphonApiError {
  readonly firstConflictingSequence: number;
  readonly lastSequence: number;

  constructor(init: { message: string; firstConflictingSequence: number; lastSequence: number }) {
    super({
      status: 409,
      code: "session_conflict",
      message: init.message,
      details: {
        first_conflicting_sequence: init.firstConflictingSequence,
        last_sequence: init.lastSequence,
      },
    });
    this.firstConflictingSequence = init.firstConflictingSequence;
    this.lastSequence = init.lastSequence;
  }
}

/** A success status whose body is not what the protocol promises (wrong server, proxy page, version skew). */
export class CatSyphonResponseError extends CatSyphonError {
  readonly status: number;
  readonly issues: readonly IssueDetail[];

  constructor(status: number, issues: readonly IssueDetail[], message = "unexpected response body") {
    const summary = issues.map((issue) => `${issue.path || "(root)"}: ${issue.message}`).join("; ");
    super(`${message} (HTTP ${status})${summary ? `: ${summary}` : ""}`);
    this.status = status;
    this.issues = issues;
  }
}

/** No HTTP answer: connection refused or reset, DNS failure, or the request timed out (after retries). */
export class CatSyphonNetworkError extends CatSyphonError {
  readonly timedOut: boolean;

  constructor(message: string, timedOut: boolean, cause: unknown) {
    super(message, { cause });
    this.timedOut = timedOut;
  }
}
