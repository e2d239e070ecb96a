// Prompts, responses and compactions, each counted once although Codex writes most of them twice: a
// response_item (what the model saw) and an event_msg (what the UI showed). Whichever copy comes first is emitted;
// the other copy, with the same text and before the conversation moves on, is dropped.
import { fingerprint } from "./content";
import { type JsonObject, safeName, safeText } from "./limits";
import { type Context, draft, hold, out } from "./outbox";
import { type Twin } from "./state";

type Source = Twin["source"];

/** True when `text` from `source` is the second copy of the twin; consumes the twin. */
function isSecondCopy(twin: Twin | null, key: string, source: Source): boolean {
  return twin !== null && twin.source !== source && twin.key === key;
}

/** What the person (or, in a sub-agent, the parent agent) typed. */
export function emitPrompt(ctx: Context, text: string, source: Source): void {
  const { state } = ctx;
  const key = fingerprint(text);
  if (isSecondCopy(state.promptTwin, key, source)) {
    state.promptTwin = null;
    return;
  }
  state.promptTwin = { key, source };
  state.replyTwin = null;
  state.compactionTwin = null;
  out(
    ctx,
    draft(ctx, "message", {
      author_role: state.isSubagent ? "caller" : "human",
      message_type: "prompt",
      content: safeText(text),
    }),
  );
}

/** Text Codex added to the conversation itself (environment, instructions, developer messages). */
export function emitContext(ctx: Context, text: string, extra: JsonObject = {}): void {
  out(
    ctx,
    draft(ctx, "message", {
      author_role: "system",
      message_type: "context",
      content: safeText(text),
      ...extra,
    }),
  );
}

/** An assistant response; held until its token count. */
export function emitReply(
  ctx: Context,
  text: string,
  source: Source,
  details: { messageId?: string | null; phase?: string | null },
): void {
  const { state } = ctx;
  const key = fingerprint(text);
  if (isSecondCopy(state.replyTwin, key, source)) {
    state.replyTwin = null;
    return;
  }
  state.replyTwin = { key, source };
  const data: JsonObject = { author_role: "assistant", message_type: "response", content: safeText(text) };
  if (details.messageId) data.message_id = safeName(details.messageId, "message");
  if (state.model !== null) data.model = state.model;
  if (details.phase) data.phase = safeName(details.phase, "unknown");
  hold(ctx, draft(ctx, "message", data));
}

/** A context compaction (a new epoch on the server). */
export function emitCompaction(
  ctx: Context,
  source: "record" | "event",
  trigger: string,
  summary: string,
): void {
  const { state } = ctx;
  if (state.compactionTwin !== null && state.compactionTwin !== source) {
    state.compactionTwin = null;
    // The event copy carries no summary; keep the record's text without starting a second epoch.
    if (summary !== "") out(ctx, draft(ctx, "metadata", { summaries: [{ summary: safeText(summary) }] }));
    return;
  }
  state.compactionTwin = source;
  const compaction: JsonObject = { trigger: safeName(trigger, "auto") };
  if (ctx.at !== null) compaction.occurred_at = ctx.at;
  if (summary !== "") compaction.summary = safeText(summary);
  out(ctx, draft(ctx, "metadata", { compaction }));
}
