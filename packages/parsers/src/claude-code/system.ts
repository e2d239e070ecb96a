// `system` lines (compaction boundaries, API errors and refusals, notices) and `attachment` lines (hook output,
// queued prompts, reminders). Bookkeeping subtypes (turn_duration, stop_hook_summary, session_start, ...) and
// attachments that only mirror the agent's internal state are known and skipped silently.
import { type Json } from "../types";
import { classifyUserText } from "./classify";
import { type ParseContext } from "./context";
import { isAttachmentLine, isSystemLine } from "./guards";
import { cleanName, cleanText, compact, count } from "./limits";
import { lineRoles } from "./roles";
import { type ClaudeRecord, type SystemLine } from "./schemas";
import { resultText } from "./tool-result";

/** System subtypes that only carry bookkeeping (timings, hook runs, the start marker). */
const SILENT_SUBTYPES = new Set(["turn_duration", "stop_hook_summary", "session_start", "bridge_status"]);
const ERROR_SUBTYPES = new Set(["api_error", "api_refusal", "model_refusal_fallback", "error"]);

function errorMessage(error: unknown, fallback: string): string {
  if (typeof error === "string") return cleanText(error);
  if (typeof error === "object" && error !== null) {
    const object = error as Record<string, unknown>;
    if (typeof object.message === "string") return cleanText(object.message);
    if (typeof object.formatted === "string") return cleanText(object.formatted);
    const nested = object.error;
    if (typeof nested === "object" && nested !== null) return errorMessage(nested, fallback);
  }
  return fallback;
}

export function handleSystem(ctx: ParseContext, record: ClaudeRecord): void {
  if (!isSystemLine(record)) {
    ctx.warn("invalid_record", "system line of an unexpected shape; skipped");
    return;
  }
  const line: SystemLine = record;
  const subtype = line.subtype ?? undefined;
  const extra = lineRoles(ctx, record).extra;
  const content = typeof line.content === "string" ? line.content : undefined;
  if (subtype === "compact_boundary") {
    const meta = line.compactMetadata;
    ctx.emit({
      type: "metadata",
      data: {
        compaction: compact({
          trigger: cleanName(meta?.trigger ?? line.trigger),
          pre_tokens: count(meta?.preTokens),
          occurred_at: ctx.ownTime,
        }),
      },
    });
    return;
  }
  if (subtype !== undefined && ERROR_SUBTYPES.has(subtype)) {
    const fallback = line.apiRefusalExplanation ?? content ?? subtype;
    const status =
      typeof line.error === "object" && line.error !== null
        ? (line.error as { status?: unknown }).status
        : undefined;
    ctx.emit({
      type: "error",
      data: compact({
        ...extra,
        error_type: subtype,
        message:
          subtype === "api_refusal" || subtype === "model_refusal_fallback"
            ? cleanText(fallback)
            : errorMessage(line.error, cleanText(fallback)),
        status: count(status),
        category: cleanName(line.apiRefusalCategory),
      }) as { error_type: string; message: string },
    });
    return;
  }
  if (subtype !== undefined && SILENT_SUBTYPES.has(subtype)) return;
  // away_summary, informational, local_command, notices without subtype: text a reader of the session wants.
  if (content === undefined || content.trim() === "") return;
  ctx.emit({
    type: "message",
    data: compact({
      ...extra,
      message_id: cleanName(record.uuid),
      system_subtype: cleanName(subtype),
      level: cleanName(line.level),
      author_role: "system" as const,
      message_type: "context" as const,
      content: cleanText(content),
    }),
  });
}

/** Attachment text as one string (hook context may be a string or a list of strings). */
function attachmentText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value.join("\n");
  return resultText(value);
}

export function handleAttachment(ctx: ParseContext, record: ClaudeRecord): void {
  if (!isAttachmentLine(record)) {
    ctx.warn("invalid_record", "attachment line without an attachment object; skipped");
    return;
  }
  const attachment = record.attachment;
  // Most attachment types mirror the agent's internal state (default: nothing more is read of them), so the
  // line's roles and hook fields are read only by the cases that send an event.
  const roles = () => lineRoles(ctx, record);
  const hook = (): Record<string, Json> =>
    compact({
      hook_name: cleanName(attachment.hookName),
      hook_event: cleanName(attachment.hookEvent),
    }) as Record<string, Json>;
  switch (attachment.type) {
    case "hook_blocking_error": {
      const blocking = attachment.blockingError;
      const message =
        typeof blocking === "object" && blocking !== null
          ? errorMessage((blocking as { blockingError?: unknown }).blockingError, "hook blocked")
          : errorMessage(blocking, "hook blocked");
      ctx.emit({
        type: "error",
        data: { ...roles().extra, ...hook(), error_type: "hook_blocking_error", message },
      });
      return;
    }
    case "hook_non_blocking_error":
      ctx.emit({
        type: "error",
        data: {
          ...roles().extra,
          ...hook(),
          error_type: "hook_non_blocking_error",
          message: errorMessage(attachment.stderr, "hook failed"),
        },
      });
      return;
    case "hook_additional_context": {
      const text = cleanText(attachmentText(attachment.content));
      if (text.trim() === "") return;
      ctx.emit({
        type: "message",
        data: { ...roles().extra, ...hook(), author_role: "system", message_type: "context", content: text },
      });
      return;
    }
    case "queued_command":
      handleQueuedCommand(ctx, attachment, roles());
      return;
    default:
      return;
  }
}

/** A prompt typed while the agent was busy, delivered to the model as an attachment. */
function handleQueuedCommand(
  ctx: ParseContext,
  attachment: Record<string, unknown>,
  roles: ReturnType<typeof lineRoles>,
): void {
  const prompt = attachment.prompt;
  let text: string;
  let images = 0;
  if (typeof prompt === "string") text = prompt;
  else if (Array.isArray(prompt)) {
    const parts: string[] = [];
    for (const item of prompt) {
      if (typeof item !== "object" || item === null) continue;
      const block = item as { type?: unknown; text?: unknown };
      if (block.type === "text" && typeof block.text === "string") parts.push(block.text);
      else if (block.type === "image") images += 1;
    }
    text = parts.join("\n");
  } else return;
  const mode = attachment.commandMode;
  const typed = (mode === undefined || mode === "prompt") && attachment.isMeta !== true;
  const kind = typed ? classifyUserText(text) : { kind: "context" as const, content: text };
  const content = cleanText(kind.content);
  ctx.emit({
    type: "message",
    data: {
      ...roles.extra,
      queued: true,
      ...(images > 0 ? { image_count: images } : {}),
      author_role: kind.kind === "prompt" ? roles.prompt : kind.kind === "teammate" ? "agent" : "system",
      message_type: kind.kind === "context" ? "context" : "prompt",
      content,
    },
  });
}
