// event_msg records: what the Codex UI showed. Most repeat response items (skipped); token counts, errors,
// compactions, titles and plans are read from here.
import { countUnknownType } from "../checkpoint";
import { isInjected } from "./content";
import {
  isAgentMessageEvent,
  isItemCompletedEvent,
  isTaskCompleteEvent,
  isTokenCountEvent,
  isTypedEvent,
  isUserMessageEvent,
} from "./guards";
import { type JsonObject, safeName, safeText } from "./limits";
import { emitCompaction, emitPrompt, emitReply } from "./messages";
import { type Context, draft, out, releaseHeld, warn } from "./outbox";
import { errorEventSchema, spawnEventSchema, threadNameEventSchema, turnAbortedEventSchema } from "./schemas";
import { countsOf, difference, isZero, sameCounts, tokenUsage } from "./tokens";

/**
 * Events that repeat what response items already say (tool begin/end, reasoning deltas, item lifecycle), or
 * carry UI state only (rate limits, review mode, goals, approvals). Known, so never counted as unknown.
 */
const SKIPPED_EVENTS = new Set([
  "agent_reasoning",
  "agent_reasoning_raw_content",
  "agent_reasoning_section_break",
  "agent_reasoning_delta",
  "agent_message_delta",
  "reasoning_content_delta",
  "exec_command_begin",
  "exec_command_end",
  "exec_command_output_delta",
  "exec_approval_request",
  "apply_patch_approval_request",
  "patch_apply_begin",
  "patch_apply_end",
  "mcp_tool_call_begin",
  "mcp_tool_call_end",
  "mcp_list_tools_response",
  "mcp_startup_update",
  "mcp_startup_complete",
  "web_search_begin",
  "web_search_end",
  "image_generation_begin",
  "image_generation_end",
  "view_image_tool_call",
  "dynamic_tool_call_request",
  "dynamic_tool_call_response",
  "collab_agent_spawn_begin",
  "collab_agent_interaction_begin",
  "collab_agent_interaction_end",
  "collab_waiting_begin",
  "collab_waiting_end",
  "collab_close_begin",
  "collab_close_end",
  "collab_resume_begin",
  "collab_resume_end",
  "sub_agent_activity",
  "guardian_assessment",
  "thread_settings_applied",
  "thread_goal_updated",
  "thread_rolled_back",
  "entered_review_mode",
  "exited_review_mode",
  "undo_started",
  "undo_completed",
  "turn_diff",
  "plan_update",
  "item_started",
  "raw_response_item",
  "session_configured",
  "shutdown_complete",
  "background_event",
  "warning",
  "deprecation_notice",
  "get_history_entry_response",
  "list_custom_prompts_response",
  "conversation_path",
  "elicitation_request",
  "request_user_input",
  "account/rateLimits/updated",
]);

function invalid(ctx: Context, type: string): void {
  warn(ctx, "invalid_record", `event_msg ${type} has an unexpected shape; skipped`);
}

function errorText(value: unknown): string | null {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value);
    if (keys.length > 0 && keys[0] !== undefined) return keys[0];
  }
  return null;
}

function emitError(ctx: Context, errorType: string, message: string): void {
  out(ctx, draft(ctx, "error", { error_type: safeName(errorType, "error"), message: safeText(message) }));
}

/** Token usage of one model response, attached to the held response (or to an empty response of its own). */
export function handleTokenCount(ctx: Context, payload: unknown, replayed: boolean): void {
  if (!isTokenCountEvent(payload)) return invalid(ctx, "token_count");
  const info = payload.info;
  if (!info) return;
  const { state } = ctx;
  const total = info.total_token_usage ? countsOf(info.total_token_usage) : null;
  const last = info.last_token_usage ? countsOf(info.last_token_usage) : null;
  // Codex repeats a token_count with unchanged totals (e.g. on rate-limit updates): count it once.
  const repeated = total !== null && state.prevTotal !== null && sameCounts(total, state.prevTotal);
  const delta = repeated ? null : (last ?? (total !== null ? difference(total, state.prevTotal) : null));
  if (total !== null) state.prevTotal = total;
  if (replayed || delta === null || isZero(delta)) return;
  const usage = tokenUsage(delta);
  const model = info.model ? safeName(info.model, "unknown") : (state.model ?? undefined);
  if (state.held !== null) return releaseHeld(ctx, usage, model);
  const data: JsonObject = {
    author_role: "assistant",
    message_type: "response",
    content: "",
    token_usage: usage,
  };
  if (model !== undefined) data.model = model;
  out(ctx, draft(ctx, "message", data));
}

export function handleEvent(ctx: Context, payload: unknown): void {
  const type = isTypedEvent(payload) ? payload.type : undefined;
  if (type === undefined) return invalid(ctx, "without a type");
  switch (type) {
    case "user_message": {
      if (!isUserMessageEvent(payload)) return invalid(ctx, type);
      const { message, kind } = payload;
      // Injected context is read from its response_item copy; only typed text counts here.
      if ((kind && kind !== "plain") || message.trim() === "" || isInjected(message)) return;
      return emitPrompt(ctx, message, "event");
    }
    case "agent_message": {
      if (!isAgentMessageEvent(payload)) return invalid(ctx, type);
      if (payload.message.trim() === "") return;
      return emitReply(ctx, payload.message, "event", { phase: payload.phase });
    }
    case "token_count":
      return handleTokenCount(ctx, payload, false);
    case "task_started":
      // A new turn: the previous response gets no more token counts.
      return releaseHeld(ctx);
    case "context_compacted":
      return emitCompaction(ctx, "event", "auto", "");
    case "task_complete": {
      releaseHeld(ctx);
      const error = isTaskCompleteEvent(payload) ? payload.error : null;
      if (error)
        emitError(ctx, errorText(error.codex_error_info) ?? "task_error", error.message ?? "task failed");
      return;
    }
    case "turn_aborted": {
      const parsed = turnAbortedEventSchema.safeParse(payload);
      const reason = parsed.success ? parsed.data.reason : null;
      return emitError(ctx, "turn_aborted", reason ?? "turn aborted");
    }
    case "error":
    case "stream_error": {
      const parsed = errorEventSchema.safeParse(payload);
      if (!parsed.success) return invalid(ctx, type);
      const { message, codex_error_info: info, error } = parsed.data;
      const errorType = error?.kind ?? errorText(info) ?? type;
      return emitError(ctx, errorType, message ?? error?.message ?? "error");
    }
    case "thread_name_updated": {
      const parsed = threadNameEventSchema.safeParse(payload);
      if (!parsed.success) return invalid(ctx, type);
      return out(ctx, draft(ctx, "metadata", { title: safeText(parsed.data.thread_name) }));
    }
    case "collab_tool_call":
    case "collab_agent_spawn_end": {
      // Links the parent to the sub-agent thread it spawned (the child names its parent too).
      const parsed = spawnEventSchema.safeParse(payload);
      if (!parsed.success || !parsed.data.new_thread_id) return;
      const spawned: JsonObject = { session_id: safeName(parsed.data.new_thread_id, "unknown") };
      if (parsed.data.call_id) spawned.tool_use_id = safeName(parsed.data.call_id, "unknown");
      return out(ctx, draft(ctx, "metadata", { spawned_sub_agent: spawned }));
    }
    case "item_completed": {
      // Thread items repeat response items, except plans.
      if (isItemCompletedEvent(payload) && payload.item.type === "Plan" && payload.item.text) {
        out(ctx, draft(ctx, "metadata", { plans: [{ content: safeText(payload.item.text) }] }));
      }
      return;
    }
    default:
      if (SKIPPED_EVENTS.has(type)) return;
      countUnknownType(ctx.checkpoint.stats, `event_msg.${type.slice(0, 100)}`);
      warn(ctx, "unknown_line_type", `unknown event_msg type "${type.slice(0, 100)}"; skipped`);
  }
}
