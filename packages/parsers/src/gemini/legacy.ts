// Gemini CLI's older chat files: one JSON document (`chats/session-*.json`) rewritten as a whole on each update.
// The caller passes the whole file each time; only complete JSON is read, and only messages not handled before
// are sent. The document's last message may still change (tokens, tool results), so it is held until a later
// message exists or flush(). Messages that vanish from the document were rewound: they stay sent, and a `rewinds`
// metadata entry says so.
import { initialCheckpoint } from "../checkpoint";
import { readJsonDocument } from "../lines";
import { type AgentLogParser, type ParserCheckpoint, type SourceFile } from "../types";
import { boundedId, boundedText } from "./bounds";
import { probeGeminiLegacy } from "./probe";
import { isoTimestamp, legacyDocumentSchema } from "./records";
import { EPOCH, GeminiSession } from "./session";
import { type GeminiLegacyState, initialCommonState } from "./state";

export function initialLegacyState(): GeminiLegacyState {
  return { ...initialCommonState(), handled: [], summary: null, documentSize: 0 };
}

function sizeWithoutTrailingBlanks(bytes: Uint8Array): number {
  let end = bytes.length;
  // space, tab, CR, LF
  while (end > 0 && [0x20, 0x09, 0x0d, 0x0a].includes(bytes[end - 1] ?? 0)) end -= 1;
  return end;
}

/** A message's id; messages without one are named by position. */
function messageId(message: unknown, index: number): string {
  if (typeof message === "object" && message !== null && "id" in message && typeof message.id === "string") {
    return message.id;
  }
  return `#${index}`;
}

/** A copy of a message object with its (possibly positional) id; null when it is not an object. */
function withId(message: unknown, id: string): Record<string, unknown> | null {
  if (typeof message !== "object" || message === null || Array.isArray(message)) return null;
  return { ...message, id: "id" in message ? message.id : id };
}

function parseDocument(bytes: Uint8Array, checkpoint: ParserCheckpoint<GeminiLegacyState>, file: SourceFile) {
  const session = new GeminiSession(checkpoint, file);
  const document = readJsonDocument(bytes);
  if (document === null) return session.finish();
  const state = session.state;
  // A document counts once per version: re-reading the same bytes (or them plus trailing blanks) is not new.
  const size = sizeWithoutTrailingBlanks(bytes);
  if (size !== state.documentSize) {
    state.documentSize = size;
    session.checkpoint.stats.lines += 1;
  }
  const parsed = legacyDocumentSchema.safeParse(document);
  if (!parsed.success) {
    session.warn(0, "invalid_record", "not a Gemini chat document (no messages list); skipped");
    return session.finish();
  }
  const doc = parsed.data;
  const messages = doc.messages;

  if (state.lastTimestamp === null) {
    // The whole document is here: the earliest time it names is the best one for events that carry none.
    let first = isoTimestamp(doc.startTime);
    for (let i = 0; first === null && i < messages.length; i++) {
      const message = messages[i];
      if (typeof message === "object" && message !== null && "timestamp" in message) {
        first = isoTimestamp(message.timestamp);
      }
    }
    state.lastTimestamp = first ?? isoTimestamp(doc.lastUpdated) ?? EPOCH;
  }
  if (!session.started) {
    session.start(doc, doc.meta?.model ?? null);
    state.summary = doc.summary ?? null;
  } else if (doc.summary && doc.summary !== state.summary) {
    state.summary = doc.summary;
    session.metadata({ summaries: [{ summary: boundedText(doc.summary) }] }, session.now());
  }

  const ids = messages.map(messageId);
  const present = new Set(ids);
  // A rewind rewrites the document without the rewound message and those after it.
  const cut = state.handled.findIndex((id) => !present.has(id));
  if (cut >= 0) {
    const removed = state.handled.splice(cut);
    const at = isoTimestamp(doc.lastUpdated) ?? session.now();
    // The rewound messages sent before stay (history is append-only); a document read only after the rewind
    // never had them, which this format cannot tell (decision 0028).
    session.metadata(
      {
        rewinds: [
          {
            to_message_id: boundedId(removed[0] ?? "", "unknown"),
            occurred_at: at,
            messages: removed.length,
          },
        ],
      },
      at,
    );
    if (state.open !== null && removed.includes(state.open.id)) state.open = null;
  }

  // The last response sent may have gained tool results since.
  const open = state.open;
  const openIndex = open === null ? -1 : ids.indexOf(open.id);
  if (open !== null && openIndex >= 0) {
    const message = session.validate(0, withId(messages[openIndex], open.id));
    if (message !== null && session.continueResponse(message).lateTokens) {
      session.warn(0, "ignored_update", `token counts of message ${open.id} arrived after it was sent`);
    }
  }

  // The document holds the latest version of every message: what was held is re-read from it.
  session.held = null;
  const handled = new Set(state.handled);
  for (let index = 0; index < messages.length; index++) {
    const id = ids[index] ?? `#${index}`;
    if (handled.has(id)) continue;
    const value = withId(messages[index], id);
    const message = value === null ? null : session.validate(0, value);
    if (message === null || value === null) {
      if (value === null) session.warn(0, "invalid_record", `message ${index} is not an object; skipped`);
      state.handled.push(id);
      continue;
    }
    session.see(message.timestamp);
    if (index === messages.length - 1) {
      session.held = { line: 0, id, value };
    } else {
      session.emitMessage(0, value);
      state.handled.push(id);
    }
  }
  return session.finish();
}

export const geminiLegacyParser: AgentLogParser<GeminiLegacyState> = {
  format: "gemini",
  layout: "document",
  probe: probeGeminiLegacy,
  initial(): ParserCheckpoint<GeminiLegacyState> {
    return initialCheckpoint(initialLegacyState());
  },
  parse: parseDocument,
  flush(checkpoint: ParserCheckpoint<GeminiLegacyState>, file: SourceFile) {
    const session = new GeminiSession(checkpoint, file);
    const held = session.held;
    if (held !== null) {
      session.held = null;
      session.emitMessage(held.line, held.value);
      session.state.handled.push(held.id);
    }
    return session.finish();
  },
};
