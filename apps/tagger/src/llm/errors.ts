// How an LLM request failed, as the tagger acts on it.
import OpenAI from "openai";

export type LlmFailureKind =
  /** 401 / 403 / exhausted quota: pause the workspace's LLM tagging. */
  | "auth"
  | "quota"
  /** 429, 5xx, timeout, lost connection (after the client's own retries): retry the job later. */
  | "transient"
  /** anything else the server refused (400, 404 model, ...): give up on this job, rule tags stand. */
  | "rejected";

export interface ClassifiedFailure {
  kind: LlmFailureKind;
  status: number | undefined;
  message: string;
}

const QUOTA_CODES = new Set(["insufficient_quota", "billing_hard_limit_reached", "quota_exceeded"]);

export function classifyLlmError(error: unknown): ClassifiedFailure {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  if (error instanceof OpenAI.APIConnectionError) return { kind: "transient", status: undefined, message };
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    const code = typeof error.code === "string" ? error.code : undefined;
    if ((code && QUOTA_CODES.has(code)) || status === 402) return { kind: "quota", status, message };
    if (status === 401 || status === 403) return { kind: "auth", status, message };
    if (status === 408 || status === 409 || status === 429 || (status !== undefined && status >= 500)) {
      return { kind: "transient", status, message };
    }
    return { kind: "rejected", status, message };
  }
  return { kind: "transient", status: undefined, message };
}
