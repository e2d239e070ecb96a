// One JSON line of a Claude Code session: finds its type (or its message.role, for files without `type`), keeps
// the session's starting facts, and hands it to the handler of its type.
import { MAX_PATH_LENGTH } from "@catsyphon/protocol";

import { countUnknownType } from "../checkpoint";
import { handleAssistant } from "./assistant";
import { type ParseContext } from "./context";
import { isClaudeRecord } from "./guards";
import { resolveIdentity } from "./identity";
import { cleanName, cleanText, compact, normalizeTimestamp } from "./limits";
import {
  agentNameSchema,
  aiTitleSchema,
  customTitleSchema,
  prLinkSchema,
  summaryLineSchema,
  type ClaudeRecord,
  worktreeStateSchema,
} from "./schemas";
import { handleAttachment, handleSystem } from "./system";
import { handleUser } from "./user";

/** Line types that carry nothing the protocol keeps (file backups, input queue, UI state, ...). */
const SILENT_TYPES = new Set([
  "file-history-snapshot",
  "queue-operation",
  "last-prompt",
  "permission-mode",
  "mode",
  "progress",
  "frame-link",
  "bridge-session",
  "tag",
]);

/** Types of the lines that describe the conversation itself (the first one says who the session is). */
const CONVERSATION_TYPES = new Set(["user", "assistant", "system", "attachment", "progress", "tool-result"]);

/**
 * Lines of the parentUuid tree that rewinds are read from: messages (which can branch) and system lines (which can
 * be what a new branch starts from). Attachments and progress lines hang off the same parent as the next message
 * without any rewind, so they are left out.
 */
const LINEAGE_TYPES = new Set(["user", "assistant", "system"]);

function roleOf(record: ClaudeRecord): string | undefined {
  const message = record.message;
  if (typeof message !== "object" || message === null) return undefined;
  const role = (message as { role?: unknown }).role;
  return role === "user" || role === "assistant" ? role : undefined;
}

export function handleRecord(ctx: ParseContext, line: number, record: Record<string, unknown>): void {
  if (!isClaudeRecord(record)) {
    ctx.beginRecord(line, undefined);
    ctx.warn("invalid_record", "record fields of unexpected types; skipped");
    return;
  }
  ctx.beginRecord(line, normalizeTimestamp(record.timestamp));
  const type = record.type ?? roleOf(record);
  if (type === undefined) {
    ctx.warn("invalid_record", "record without a type or message role; skipped");
    return;
  }
  noteSessionFacts(ctx, record, type);
  if (LINEAGE_TYPES.has(type)) ctx.noteLineage(record.uuid, record.parentUuid, type !== "system");
  dispatch(ctx, type, record);
  ctx.startIfReady();
}

/** Remembers the first conversation line's facts; a slug first seen later becomes metadata. */
function noteSessionFacts(ctx: ParseContext, record: ClaudeRecord, type: string): void {
  const state = ctx.state;
  // Read only while it can matter: every look-up of a field costs, most of all of one the line does not have.
  if (state.slugKnown && state.start !== null) return;
  const slug = cleanName(record.slug);
  if (state.start === null && CONVERSATION_TYPES.has(type)) {
    const sessionId = cleanName(record.sessionId);
    const cwd = cleanName(record.cwd, MAX_PATH_LENGTH);
    const version = cleanName(record.version);
    if (sessionId !== undefined || cwd !== undefined || version !== undefined) {
      state.start = {
        identity: resolveIdentity(ctx.file.path, {
          sessionId,
          agentId: cleanName(record.agentId),
          isSidechain: record.isSidechain === true,
        }),
        version: version ?? null,
        cwd: cwd ?? null,
        gitBranch: cleanName(record.gitBranch) ?? null,
        slug: slug ?? null,
      };
      if (slug !== undefined) state.slugKnown = true;
      return;
    }
  }
  if (slug !== undefined && !state.slugKnown) {
    state.slugKnown = true;
    ctx.emit({ type: "metadata", data: { slug } });
  }
}

function metadata(ctx: ParseContext, data: Record<string, unknown>): void {
  ctx.emit({ type: "metadata", data: compact(data) as Record<string, never> });
}

function dispatch(ctx: ParseContext, type: string, record: ClaudeRecord): void {
  switch (type) {
    case "user":
    case "tool-result":
      return handleUser(ctx, record);
    case "assistant":
      return handleAssistant(ctx, record);
    case "system":
      return handleSystem(ctx, record);
    case "attachment":
      return handleAttachment(ctx, record);
    case "summary": {
      const summary = summaryLineSchema.safeParse(record);
      if (!summary.success) return ctx.warn("invalid_record", "summary line without summary text; skipped");
      const item = compact({
        summary: cleanText(summary.data.summary),
        leaf_uuid: cleanName(summary.data.leafUuid),
      });
      return metadata(ctx, { summaries: [item] });
    }
    case "custom-title": {
      const title = customTitleSchema.safeParse(record);
      if (!title.success) return ctx.warn("invalid_record", "custom-title line without customTitle; skipped");
      return metadata(ctx, { title: cleanText(title.data.customTitle) });
    }
    case "ai-title": {
      const title = aiTitleSchema.safeParse(record);
      if (!title.success) return ctx.warn("invalid_record", "ai-title line without aiTitle; skipped");
      return metadata(ctx, { ai_title: cleanText(title.data.aiTitle) });
    }
    case "agent-name": {
      const name = agentNameSchema.safeParse(record);
      if (!name.success) return ctx.warn("invalid_record", "agent-name line without agentName; skipped");
      return metadata(ctx, { agent_name: cleanText(name.data.agentName) });
    }
    case "pr-link": {
      const link = prLinkSchema.safeParse(record);
      if (!link.success) return ctx.warn("invalid_record", "pr-link line of an unexpected shape; skipped");
      const pr = compact({
        number: link.data.prNumber ?? undefined,
        url: cleanName(link.data.prUrl),
        repository: cleanName(link.data.prRepository),
      });
      return metadata(ctx, { pr_link: pr });
    }
    case "worktree-state": {
      const state = worktreeStateSchema.safeParse(record);
      if (!state.success)
        return ctx.warn("invalid_record", "worktree-state line of an unexpected shape; skipped");
      const session = state.data.worktreeSession;
      if (session === null) return metadata(ctx, { worktree: null });
      return metadata(ctx, {
        worktree: compact({
          path: cleanName(session.worktreePath),
          branch: cleanName(session.worktreeBranch),
          name: cleanName(session.worktreeName),
          original_cwd: cleanName(session.originalCwd),
        }),
      });
    }
    case "relocated": {
      const cwd = cleanName(record.relocatedCwd);
      if (cwd !== undefined) metadata(ctx, { relocated_cwd: cwd });
      return;
    }
    default:
      if (SILENT_TYPES.has(type)) return;
      countUnknownType(ctx.checkpoint.stats, type);
      ctx.warn(
        "unknown_line_type",
        `unknown Claude Code line type ${JSON.stringify(type.slice(0, 100))}; skipped`,
      );
  }
}
