// The event-building half shared by the JSONL and the legacy document parser: session start, one message record
// to events, late tool results of the last response, metadata. Works on a clone of the caller's checkpoint.
import { MAX_PATH_LENGTH, type MessageData, type SessionStartData } from "@catsyphon/protocol";

import { cloneCheckpoint, countUnknownType } from "../checkpoint";
import { EventEmitter, type UnnumberedEvent } from "../emitter";
import {
  type Json,
  type ParseOutput,
  type ParserCheckpoint,
  type ParseWarning,
  type SourceFile,
} from "../types";
import { boundedId, boundedName, boundedText, snakeCase } from "./bounds";
import { isFunctionResponsePart, isGeminiMessage } from "./guards";
import {
  type GeminiHeader,
  type GeminiMessage,
  isoTimestamp,
  KNOWN_MESSAGE_TYPES,
  messageSchema,
  textOf,
} from "./records";
import { type GeminiCommonState, storeRecord, toJson } from "./state";
import { toolCallEvent, toolOutcome, toolResultEvent, toolUseId } from "./tools";
import { tokenUsage } from "./tokens";

/** The timestamp of events that come before any timestamp (only when a file has none at all). */
export const EPOCH = "1970-01-01T00:00:00.000Z";

/** A message record read in this call, not yet sent. */
export interface PendingRecord {
  line: number;
  id: string;
  value: Record<string, unknown>;
  /** The record as validated when it was read in this call (a record restored from the checkpoint has none). */
  message?: GeminiMessage;
}

export class GeminiSession<S extends GeminiCommonState> {
  readonly checkpoint: ParserCheckpoint<S>;
  readonly state: S;
  readonly warnings: ParseWarning[] = [];
  /** The latest record of the newest message: it is re-appended while tokens and tool results arrive. */
  held: PendingRecord | null;
  private readonly emitter: EventEmitter;

  constructor(
    checkpoint: ParserCheckpoint<S>,
    private readonly file: SourceFile,
  ) {
    this.checkpoint = cloneCheckpoint(checkpoint);
    this.state = this.checkpoint.state;
    this.emitter = new EventEmitter(this.checkpoint.nextSequence);
    const held = this.state.held;
    this.held = held === null ? null : { line: held.line, id: held.id, value: held.record };
  }

  get started(): boolean {
    return this.checkpoint.session !== null;
  }

  /** Notes a record's own timestamp; returns it, or the last one seen when it has none. */
  see(value: unknown): string {
    const own = isoTimestamp(value);
    if (own !== null) this.state.lastTimestamp = own;
    return own ?? this.now();
  }

  /** The sequence number the next event will get. */
  get nextSequence(): number {
    return this.emitter.next;
  }

  now(): string {
    return this.state.lastTimestamp ?? EPOCH;
  }

  warn(line: number, kind: ParseWarning["kind"], message: string): void {
    this.warnings.push({ line, kind, message });
  }

  emit(event: UnnumberedEvent): void {
    this.emitter.emit(event);
  }

  metadata(data: { [key: string]: Json }, at: string): void {
    this.emit({ type: "metadata", emitted_at: at, data });
  }

  /** Emits `session_start` (sequence 1) from the header, or from the file name when there is no header. */
  start(header: GeminiHeader | null, model: string | null): void {
    const fileName = baseName(this.file.path).replace(/\.jsonl?$/i, "");
    const sessionId = boundedId(header?.sessionId ?? fileName, "unknown");
    const parent = parentSessionId(header, this.file.path);
    this.state.subagent = header?.kind === "subagent" || parent !== null;
    const data: SessionStartData = { agent_type: "gemini", agent_version: "unknown" };
    // Main sessions name no folder (only sub-agents and `/dir add` write directories): the project root the
    // caller found beside the chat's folder is the working directory then.
    const directory = header?.directories?.[0] ?? this.file.projectRoot;
    if (directory !== undefined) {
      const path = boundedName(directory, "", MAX_PATH_LENGTH);
      if (path !== "") data.working_directory = path;
    }
    if (parent !== null) data.parent_session_id = parent;
    if (model !== null) data.model = boundedName(model, "unknown");
    if (header?.summary) data.summaries = [{ summary: boundedText(header.summary) }];
    if (header?.projectHash) data.project_hash = boundedName(header.projectHash, "unknown");
    if (header?.kind) data.kind = boundedName(header.kind, "unknown");
    if (header?.directories && header.directories.length > 1) data.directories = header.directories;
    this.checkpoint.session =
      parent === null
        ? { sessionId, agentType: "gemini" }
        : { sessionId, agentType: "gemini", parentSessionId: parent };
    this.emit({ type: "session_start", emitted_at: this.see(header?.startTime), data });
  }

  /**
   * Validates a message record as it is read: null (with a warning, or counted as an unknown type) when it
   * cannot be sent.
   */
  validate(line: number, value: unknown): GeminiMessage | null {
    if (!isGeminiMessage(value)) {
      // Only a bad record pays for zod, which says what is wrong with it (both accept the same records).
      const issue = messageSchema.safeParse(value).error?.issues[0]?.message;
      this.warn(line, "invalid_record", `message record: ${issue ?? "bad shape"}`);
      return null;
    }
    if (!KNOWN_MESSAGE_TYPES.has(value.type)) {
      this.unknownType(line, value.type);
      return null;
    }
    return value;
  }

  /** Counts and reports a record of a type this parser does not know. */
  unknownType(line: number, rawType: string): void {
    const type = boundedName(rawType, "(empty)");
    countUnknownType(this.checkpoint.stats, type);
    this.warn(line, "unknown_line_type", `record type "${type}" skipped`);
  }

  /** Sends a message record; `checked` is the record already validated in this call (held records are stored raw). */
  emitMessage(line: number, value: unknown, checked?: GeminiMessage): GeminiMessage | null {
    const message = checked ?? this.validate(line, value);
    if (message === null) return null;
    const at = isoTimestamp(message.timestamp) ?? this.now();
    const messageId = boundedId(message.id, "unknown");
    if (message.type === "user") {
      // Current Gemini CLI records each tool response as a `user` record of functionResponse parts
      // (geminiChat.ts: recordSyntheticMessage('user', parts)): results of calls, not something anyone typed.
      if (!this.emitToolResponses(message, messageId, at)) this.emitPrompt(message, messageId, at);
      return message;
    }
    const text = boundedText(textOf(message.content ?? message.parts));
    switch (message.type) {
      case "gemini":
      case "model":
        this.emitResponse(message, messageId, text, at);
        break;
      case "error":
        this.emit({
          type: "error",
          emitted_at: at,
          data: { error_type: "gemini_error", message: text, message_id: messageId },
        });
        break;
      default:
        // info and warning: notices the CLI shows, not something a person or the model said.
        this.emit({
          type: "message",
          emitted_at: at,
          data: {
            author_role: "system",
            message_type: "context",
            content: text,
            message_id: messageId,
            level: message.type,
          },
        });
    }
    return message;
  }

  /**
   * A user record holding functionResponse parts: one tool_result per part, joined to its call by the part's id
   * (the call's id), unless the call's own record already sent that result. Text beside the parts is context.
   * False when the record has no functionResponse part (a prompt).
   */
  private emitToolResponses(message: GeminiMessage, messageId: string, at: string): boolean {
    const content = message.content;
    if (!Array.isArray(content)) return false;
    const parts = content.filter(isFunctionResponsePart);
    if (parts.length === 0) return false;
    const open = this.state.open;
    for (const [index, part] of parts.entries()) {
      const ownId =
        typeof part.functionResponse.id === "string" ? boundedId(part.functionResponse.id, "") : "";
      const useId = ownId !== "" ? ownId : boundedId(`${messageId}:response-${index}`, `response:${index}`);
      if (open !== null && open.results.includes(useId)) continue;
      const outcome = toolOutcome({ result: [part] });
      if (outcome === null) continue;
      this.emit(toolResultEvent(outcome, useId, at));
      open?.results.push(useId);
    }
    const text = boundedText(textOf(content));
    if (text.trim() !== "") {
      this.emit({
        type: "message",
        emitted_at: at,
        data: { author_role: "system", message_type: "context", content: text, message_id: messageId },
      });
    }
    return true;
  }

  private emitPrompt(message: GeminiMessage, messageId: string, at: string): void {
    // displayContent is what the person typed; content may have @file expansions added by the CLI.
    const display = textOf(message.displayContent);
    const typed = boundedText(display !== "" ? display : textOf(message.content));
    const command = slashCommand(typed);
    const data =
      command === null
        ? {
            author_role: this.state.subagent ? ("caller" as const) : ("human" as const),
            message_type: "prompt" as const,
            content: typed,
            message_id: messageId,
          }
        : {
            author_role: "system" as const,
            message_type: "context" as const,
            content: typed,
            message_id: messageId,
            command,
          };
    this.emit({ type: "message", emitted_at: at, data });
  }

  private emitResponse(message: GeminiMessage, messageId: string, text: string, at: string): void {
    for (const thought of message.thoughts ?? []) {
      const content = [thought.subject, thought.description].filter((part) => !!part).join("\n");
      if (content === "") continue;
      this.emit({
        type: "thinking",
        emitted_at: isoTimestamp(thought.timestamp) ?? at,
        data: { content: boundedText(content), message_id: messageId },
      });
    }
    if (message.model) this.state.lastModel = message.model;
    const model = message.model ?? this.state.lastModel;
    const usage = message.tokens ? tokenUsage(message.tokens) : null;
    if (message.tokens) this.state.lastInputTokens = usage?.prompt_tokens ?? null;
    const data: MessageData = {
      author_role: "assistant",
      message_type: "response",
      content: text,
      message_id: messageId,
    };
    if (model) data.model = boundedName(model, "unknown");
    if (usage) data.token_usage = usage.usage;
    this.emit({ type: "message", emitted_at: at, data });
    const calls: string[] = [];
    const results: string[] = [];
    for (const [index, call] of (message.toolCalls ?? []).entries()) {
      const useId = toolUseId(call, messageId, index);
      this.emit(toolCallEvent(call, useId, messageId, at));
      calls.push(useId);
      const outcome = toolOutcome(call);
      if (outcome !== null) {
        this.emit(toolResultEvent(outcome, useId, isoTimestamp(call.timestamp) ?? at, call));
        results.push(useId);
      }
    }
    this.state.open = { id: message.id, calls, results, tokens: usage !== null };
  }

  /**
   * A later version of the last response sent: sends the tool calls and results it adds. Returns whether it
   * added any, and whether it brings token counts that were not sent (they cannot be added any more).
   */
  continueResponse(message: GeminiMessage): { sent: boolean; lateTokens: boolean } {
    const open = this.state.open;
    if (open === null || open.id !== message.id) return { sent: false, lateTokens: false };
    const messageId = boundedId(message.id, "unknown");
    const at = isoTimestamp(message.timestamp) ?? this.now();
    let sent = false;
    (message.toolCalls ?? []).forEach((call, index) => {
      const useId = toolUseId(call, messageId, index);
      if (!open.calls.includes(useId)) {
        this.emit(toolCallEvent(call, useId, messageId, at));
        open.calls.push(useId);
        sent = true;
      }
      if (open.results.includes(useId)) return;
      const outcome = toolOutcome(call);
      if (outcome === null) return;
      this.emit(toolResultEvent(outcome, useId, isoTimestamp(call.timestamp) ?? at, call));
      open.results.push(useId);
      sent = true;
    });
    const lateTokens = !!message.tokens && !open.tokens;
    if (lateTokens) open.tokens = true;
    return { sent, lateTokens };
  }

  /** Header fields changed after the start (`$set`, a later header, a legacy document's fields) as metadata. */
  headerPatch(fields: Record<string, unknown>): { [key: string]: Json } {
    const data: { [key: string]: Json } = {};
    for (const key in fields) {
      const value = fields[key];
      if (value === undefined || IGNORED_PATCH_KEYS.has(key)) continue;
      if (key === "sessionId" && value === this.checkpoint.session?.sessionId) continue;
      if (key === "summary" && typeof value === "string") {
        data.summaries = [{ summary: boundedText(value) }];
      } else if (key === "directories" && Array.isArray(value)) {
        data.directories = toJson(value);
        const first: unknown = value[0];
        if (typeof first === "string" && first !== "") {
          data.working_directory = boundedName(first, "", MAX_PATH_LENGTH);
        }
      } else {
        data[snakeCase(key)] = toJson(value);
      }
    }
    return data;
  }

  /** The output of this call: new events, the updated checkpoint (held record stored), warnings. */
  finish(): ParseOutput<S> {
    this.state.held = this.held === null ? null : storeRecord(this.held.line, this.held.id, this.held.value);
    this.checkpoint.nextSequence = this.emitter.next;
    this.checkpoint.stats.events += this.emitter.events.length;
    return { events: this.emitter.events, checkpoint: this.checkpoint, warnings: this.warnings };
  }
}

// lastUpdated only says the file was written; messages is the model's context (handled by the JSONL reader).
const IGNORED_PATCH_KEYS: ReadonlySet<string> = new Set(["lastUpdated", "messages", "startTime"]);

/** Gemini CLI treats input starting with "/" (but not "//" or "/*") as a slash command, not a prompt. */
function slashCommand(typed: string): string | null {
  const text = typed.trimStart();
  if (!text.startsWith("/") || text.startsWith("//") || text.startsWith("/*")) return null;
  const name = text.slice(1).split(/\s/, 1)[0] ?? "";
  return name === "" ? null : boundedName(name, "unknown");
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/**
 * A sub-agent's chat lives in `chats/<parent session id>/<session id>.jsonl` (the header does not name the
 * parent); a header field naming it wins. A header saying `kind: "main"` has no parent.
 */
function parentSessionId(header: GeminiHeader | null, path: string): string | null {
  if (header?.parentSessionId) return boundedId(header.parentSessionId, "unknown");
  if (header?.kind === "main") return null;
  const parts = path.split(/[\\/]/);
  const folder = parts[parts.length - 2];
  if (parts[parts.length - 3] !== "chats" || folder === undefined || folder === "") return null;
  return boundedId(folder, "unknown");
}
