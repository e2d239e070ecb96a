// Sessions for the dashboard's analytics and live tests, sent through the collector API (so the worker writes the
// rows and the activity aggregates the overview, project and developer pages read), timed relative to now so
// they fall in the pages' default range (the last 30 days).
import { type IngestApiProcess } from "@catsyphon/testing";
import { type CollectorKey, sendBatch } from "./stack";

export interface CorpusSession {
  id: string;
  project: string;
  developer: string;
  agent: string;
  /** Minutes before now of the first event. */
  startedMinutesAgo: number;
  responses: number;
  /** Absent: the session stays open (active now when it started within the last few minutes). */
  outcome?: "success" | "failure";
  edits?: string[];
}

export const CORPUS: CorpusSession[] = [
  {
    id: "live-alpha-1",
    project: "alpha",
    developer: "ada",
    agent: "claude-code",
    startedMinutesAgo: 2 * 24 * 60,
    responses: 4,
    outcome: "success",
    edits: ["src/retry.ts", "src/queue.ts"],
  },
  {
    id: "live-beta-1",
    project: "beta",
    developer: "grace",
    agent: "codex",
    startedMinutesAgo: 26 * 60,
    responses: 3,
    outcome: "failure",
    edits: ["lib/parse.ts"],
  },
  {
    id: "live-alpha-2",
    project: "alpha",
    developer: "grace",
    agent: "claude-code",
    startedMinutesAgo: 3,
    responses: 2,
  },
];

export function corpusEvents(session: CorpusSession, now = Date.now()) {
  let sequence = 0;
  const start = now - session.startedMinutesAgo * 60_000;
  const event = (offsetSeconds: number, type: string, data: Record<string, unknown>) => {
    const at = new Date(start + offsetSeconds * 1000).toISOString();
    return { sequence: (sequence += 1), type, emitted_at: at, observed_at: at, data };
  };
  const events = [
    event(0, "session_start", {
      agent_type: session.agent,
      agent_version: "1.0.0",
      working_directory: `/srv/src/${session.project}`,
      developer: session.developer,
      slug: `${session.id}-slug`,
    }),
  ];
  for (let i = 0; i < session.responses; i += 1) {
    events.push(
      event(10 + i * 20, "message", { author_role: "human", message_type: "prompt", content: `ask ${i}` }),
    );
    events.push(
      event(15 + i * 20, "message", {
        author_role: "assistant",
        message_type: "response",
        content: `answer ${i}`,
        model: "claude-sonnet-4-5",
        token_usage: {
          input_tokens: 1200 + i,
          output_tokens: 300,
          cache_read_tokens: 4000,
          cache_creation_tokens: 50,
        },
      }),
    );
  }
  for (const [index, file] of (session.edits ?? []).entries()) {
    const id = `${session.id}-edit-${index}`;
    const root = `/srv/src/${session.project}`;
    events.push(
      event(100 + index, "tool_call", {
        tool_name: "Edit",
        tool_use_id: id,
        parameters: { file_path: `${root}/${file}`, old_string: "a", new_string: "a\nb\nc" },
      }),
    );
    events.push(event(101 + index, "tool_result", { tool_use_id: id, success: true, result: "ok" }));
  }
  if (session.outcome) events.push(event(120, "session_end", { outcome: session.outcome }));
  return events;
}

/** Sends a session in one batch; returns its conversation id. */
export async function sendSession(
  api: IngestApiProcess,
  collector: CollectorKey,
  session: CorpusSession,
): Promise<string> {
  const sent = await sendBatch(api, collector, session.id, corpusEvents(session));
  if (sent.status !== 202) throw new Error(`batch refused: ${sent.status} ${JSON.stringify(sent.body)}`);
  return String(sent.body.conversation_id);
}

export const corpusMessages = (sessions: CorpusSession[]) =>
  sessions.reduce((n, s) => n + 2 * s.responses + 2 * (s.edits?.length ?? 0), 0);
