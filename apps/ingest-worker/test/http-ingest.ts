// Sending through the real ingest API (a child process): register a collector, post batches, expect 202s.
import { type CollectorCredentials, type ProtocolEventInput } from "@catsyphon/protocol";
import { type IngestApiProcess } from "@catsyphon/testing";

export interface Sender {
  /** Posts one batch; throws unless the API answers 202. Returns its conversation id. */
  send(sessionId: string, events: ProtocolEventInput[]): Promise<string>;
}

export async function registerSender(api: IngestApiProcess): Promise<Sender> {
  const res = await fetch(`${api.url}/collectors`, {
    method: "POST",
    headers: { authorization: `Bearer ${api.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ collector_type: "watcher", collector_version: "1.0.0", hostname: "test-host" }),
  });
  if (res.status !== 201) throw new Error(`registration answered ${res.status}: ${await res.text()}`);
  const collector = (await res.json()) as CollectorCredentials;
  return {
    async send(sessionId, events) {
      const answer = await fetch(`${api.url}/collectors/events`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${collector.api_key}`,
          "x-collector-id": collector.collector_id,
          "content-type": "application/json",
        },
        body: JSON.stringify({ session_id: sessionId, events }),
      });
      const body = await answer.text();
      if (answer.status !== 202) throw new Error(`events answered ${answer.status}: ${body}`);
      return (JSON.parse(body) as { conversation_id: string }).conversation_id;
    },
  };
}

/** A prompt or a priced response, so every write touches messages, totals and costs. */
export function messageEvent(sequence: number, at = new Date().toISOString()): ProtocolEventInput {
  return {
    sequence,
    type: "message",
    emitted_at: at,
    observed_at: at,
    data:
      sequence % 2
        ? { author_role: "human", message_type: "prompt", content: `prompt ${sequence} `.repeat(10) }
        : {
            author_role: "assistant",
            message_type: "response",
            content: `response ${sequence} `.repeat(10),
            model: "claude-sonnet-4-5",
            token_usage: { input_tokens: 100, output_tokens: 20 },
          },
  };
}

export const range = (first: number, count: number) => Array.from({ length: count }, (_, i) => first + i);
