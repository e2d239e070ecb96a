// Tool calls recorded inside a gemini message: each becomes a tool_call event, and, once it has a result or a
// final status, a tool_result event. File tools (write_file, replace, read_file, ...) keep their parameters as
// they are: the server maps them to files touched.
import { type ToolCallData, type ToolResultData } from "@catsyphon/protocol";

import { type UnnumberedEvent } from "../emitter";
import { type Json } from "../types";
import { boundedId, boundedJson, boundedJsonObject, boundedName } from "./bounds";
import { isFunctionResponsePart } from "./guards";
import { type GeminiToolCall } from "./records";
import { toJson } from "./state";

/** Statuses after which a call will not change any more. */
const FINAL_STATUSES: ReadonlySet<string> = new Set(["success", "error", "cancelled", "canceled"]);

export interface ToolOutcome {
  success: boolean;
  result: Json;
  status: string | null;
}

/** The agent's id of the call, or a deterministic one from its message and position when it has none. */
export function toolUseId(call: GeminiToolCall, messageId: string, index: number): string {
  const own = call.id ? boundedId(call.id, "") : "";
  return own !== "" ? own : boundedId(`${messageId}:${index}`, `call:${index}`);
}

export function toolCallEvent(
  call: GeminiToolCall,
  toolUseId: string,
  messageId: string,
  at: string,
): UnnumberedEvent {
  const args = toJson(call.args ?? {});
  const parameters =
    typeof args === "object" && args !== null && !Array.isArray(args) ? args : { input: args };
  const data: ToolCallData = {
    tool_name: boundedName(call.name ?? "", "unknown"),
    tool_use_id: toolUseId,
    parameters: boundedJsonObject(parameters),
    message_id: messageId,
  };
  if (call.displayName) data.display_name = boundedName(call.displayName, "unknown");
  return { type: "tool_call", emitted_at: at, data };
}

export function toolResultEvent(
  outcome: ToolOutcome,
  toolUseId: string,
  at: string,
  call?: GeminiToolCall,
): UnnumberedEvent {
  const data: ToolResultData = {
    tool_use_id: toolUseId,
    success: outcome.success,
    result: boundedJson(outcome.result),
  };
  if (outcome.status) data.status = boundedName(outcome.status, "unknown");
  // A sub-agent call names the agent it ran (geminiChat.ts recordCompletedToolCalls: response.data.agentId): the
  // child's session id, as Claude Code's Task results carry theirs.
  const agentId = call?.agentId;
  if (typeof agentId === "string" && agentId !== "") data.agent_id = boundedId(agentId, "unknown");
  return { type: "tool_result", emitted_at: at, data };
}

/**
 * The result of a call, or null while it has none (no functionResponse and no final status yet). The text is
 * the response's `output`, else its `error`, else the response object, else the `resultDisplay` the user saw.
 */
export function toolOutcome(call: GeminiToolCall): ToolOutcome | null {
  const status = call.status ?? null;
  const responses = functionResponses(call.result);
  const rawResult = typeof call.result === "string" ? call.result : null;
  if (responses.length === 0 && rawResult === null && (status === null || !FINAL_STATUSES.has(status))) {
    return null;
  }
  let error: Json | undefined;
  const outputs: string[] = [];
  for (const response of responses) {
    if (response.error !== undefined && response.error !== null && error === undefined) {
      error = toJson(response.error);
    }
    if (typeof response.output === "string") outputs.push(response.output);
  }
  let result: Json;
  if (error !== undefined) result = error;
  else if (outputs.length > 0) result = outputs.join("\n");
  else if (responses.length === 1 && responses[0] !== undefined) result = toJson(responses[0]);
  else if (responses.length > 1) result = toJson(responses);
  else if (rawResult !== null) result = rawResult;
  else if (call.resultDisplay !== undefined && call.resultDisplay !== null)
    result = toJson(call.resultDisplay);
  else result = "";
  const success = (status === null || status === "success") && error === undefined;
  return { success, result, status };
}

function functionResponses(result: unknown): Record<string, unknown>[] {
  const parts = Array.isArray(result) ? result : [result];
  const responses: Record<string, unknown>[] = [];
  for (const part of parts) {
    if (isFunctionResponsePart(part)) responses.push(part.functionResponse.response ?? {});
  }
  return responses;
}
