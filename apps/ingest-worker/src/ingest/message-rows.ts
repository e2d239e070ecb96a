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
}

function withoutKeys(data: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) if (!keys.includes(key)) rest[key] = value;
  return rest;
}

function resultText(result: unknown): string {
  return typeof result === "string" ? result : JSON.stringify(result ?? null);
}

export function messageRowOf(event: ProtocolEvent, prices: PriceTable): MessageRow | null {
  const base = {
    sequence: event.sequence,
    emittedAt: event.emitted_at,
    observedAt: event.observed_at,
    costUsd: null,
    unknownModel: false,
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
          withoutKeys(data, ["author_role", "message_type", "content", "thinking_content"]),
        ),
      };
    }
    case "tool_call": {
      const { tool_name, tool_use_id, parameters, ...rest } = event.data;
      return {
        ...base,
        authorRole: "assistant",
        messageType: "tool_call",
        content: "",
        thinkingContent: null,
        toolCalls: jsonText([{ tool_name, tool_use_id, parameters }]),
        extraData: jsonText(rest),
      };
    }
    case "tool_result": {
      const { tool_use_id, success, result, ...rest } = event.data;
      return {
        ...base,
        authorRole: "tool",
        messageType: "tool_result",
        content: stripNul(resultText(result)),
        thinkingContent: null,
        toolCalls: jsonText([{ tool_use_id, result, success }]),
        extraData: jsonText(rest),
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
        extraData: jsonText(withoutKeys(event.data, ["content"])),
      };
    case "error":
      return {
        ...base,
        authorRole: "system",
        messageType: "error",
        content: stripNul(event.data.message),
        thinkingContent: null,
        toolCalls: "[]",
        extraData: jsonText(withoutKeys(event.data, ["message"])),
      };
    default:
      return null;
  }
}
