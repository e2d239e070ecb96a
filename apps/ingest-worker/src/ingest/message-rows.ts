// Which events become message rows, and how (DESIGN §3): messages, tool calls and results, thinking and errors.
// session_start, session_end and metadata update the conversation instead.
import { type ProtocolEvent } from "@catsyphon/protocol";
import { type PriceTable } from "../pricing/price-table";
import { jsonText, stripNul } from "./sanitize";

export interface MessageRow {
  sequence: number;
  authorRole: string;
  messageType: string;
  content: string;
  thinkingContent: string | null;
  /** JSON text: [{tool_name, tool_use_id, parameters, result?, success?}] */
  toolCalls: string;
  /** JSON text: model, stop_reason, token_usage and the event's other fields. */
  extraData: string;
  emittedAt: string;
  observedAt: string;
  /** USD for a model response with token usage; null without usage or for a model the price table lacks. */
  costUsd: number | null;
  /** A response with token usage whose model has no price. */
  unknownModel: boolean;
  /** JSON text of the source record the collector sent as `raw_data` (stored apart: decision 0021), or null. */
  rawData: string | null;
}

/**
 * The tool_use_id of a tool event that came without one (aiobscura's Codex tool events): derived from the
 * session's sequence, so a replay stores the same id. Such a call and result cannot be paired by id.
 */
export function derivedToolUseId(sequence: number): string {
  return `catsyphon-seq-${sequence}`;
}

/** The tool_use_id stored for a tool event: its own, else the derived one. */
export function toolUseIdOf(event: { sequence: number; data: { tool_use_id?: string } }): string {
  return event.data.tool_use_id ?? derivedToolUseId(event.sequence);
}

/** The event's data without `raw_data`, and `raw_data` as JSON text (null when absent). */
function splitRawData(data: Record<string, unknown>): {
  rest: Record<string, unknown>;
  rawData: string | null;
} {
  if (!("raw_data" in data) || data.raw_data === undefined || data.raw_data === null) {
    return { rest: data, rawData: null };
  }
  const { raw_data, ...rest } = data;
  return { rest, rawData: jsonText(raw_data) };
}

function withoutKeys(data: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) if (!keys.includes(key)) rest[key] = value;
  return rest;
}

function resultText(result: unknown): string {
  if (result === undefined || result === null) return "";
  return typeof result === "string" ? result : JSON.stringify(result);
}

export function messageRowOf(event: ProtocolEvent, prices: PriceTable): MessageRow | null {
  const { rest, rawData } = splitRawData(event.data);
  const base = {
    sequence: event.sequence,
    emittedAt: event.emitted_at,
    observedAt: event.observed_at,
    costUsd: null,
    unknownModel: false,
    rawData,
  };
  switch (event.type) {
    case "message": {
      const { data } = event;
      const costUsd = data.token_usage ? prices.cost(data.model, data.token_usage) : null;
      return {
        ...base,
        costUsd,
        unknownModel: data.token_usage !== undefined && costUsd === null,
        authorRole: data.author_role,
        messageType: data.message_type,
        content: stripNul(data.content),
        thinkingContent: data.thinking_content === undefined ? null : stripNul(data.thinking_content),
        toolCalls: "[]",
        extraData: jsonText(
          withoutKeys(rest, ["author_role", "message_type", "content", "thinking_content"]),
        ),
      };
    }
    case "tool_call": {
      const { tool_name, parameters } = event.data;
      return {
        ...base,
        authorRole: "assistant",
        messageType: "tool_call",
        content: "",
        thinkingContent: null,
        toolCalls: jsonText([{ tool_name, tool_use_id: toolUseIdOf(event), parameters }]),
        extraData: jsonText(withoutKeys(rest, ["tool_name", "tool_use_id", "parameters"])),
      };
    }
    case "tool_result": {
      const { success, result } = event.data;
      return {
        ...base,
        authorRole: "tool",
        messageType: "tool_result",
        content: stripNul(resultText(result)),
        thinkingContent: null,
        toolCalls: jsonText([{ tool_use_id: toolUseIdOf(event), result: result ?? null, success }]),
        extraData: jsonText(withoutKeys(rest, ["tool_use_id", "success", "result"])),
      };
    }
    case "thinking":
      return {
        ...base,
        authorRole: "assistant",
        messageType: "thinking",
        content: stripNul(event.data.content),
        thinkingContent: null,
        toolCalls: "[]",
        extraData: jsonText(withoutKeys(rest, ["content"])),
      };
    case "error":
      return {
        ...base,
        authorRole: "system",
        messageType: "error",
        content: stripNul(event.data.message),
        thinkingContent: null,
        toolCalls: "[]",
        extraData: jsonText(withoutKeys(rest, ["message"])),
      };
    default:
      return null;
  }
}
