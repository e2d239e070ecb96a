// The SDK against the real ingest API (a child process on its own database and Redis prefix).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { eventBatchSchema, type CollectorCredentials } from "@catsyphon/protocol";

import {
  CatSyphonApiError,
  CatSyphonClient,
  type CatSyphonClientOptions,
  CatSyphonNetworkError,
  CatSyphonResponseError,
  CatSyphonSessionConflictError,
  type SequenceResetInfo,
  fetchBuiltinCredentials,
  registerCollector,
} from "../src";
import { utf8ByteLength } from "../src/batching";
import { sendRequest } from "../src/transport";
import { type IngestApiProcess, startIngestApiProcess as startIngestApi } from "@catsyphon/testing";
import { freePort } from "@catsyphon/testing";
import { batchOf, newSessionId, randomApiKey, recordingFetch, sequencesOf, waitFor } from "./support";

let api: IngestApiProcess;
let credentials: CollectorCredentials;
const openClients: CatSyphonClient[] = [];

beforeAll(async () => {
  api = await startIngestApi({ label: "sdk client" });
  credentials = await registerCollector({
    serverUrl: api.url,
    adminToken: api.adminToken,
    collector_type: "sdk-test",
    collector_version: "1.0.0",
    hostname: "test-host",
    metadata: { suite: "client" },
  });
});

afterAll(async () => {
  await Promise.allSettled(openClients.map((client) => client.close()));
  await api?.stop();
});

function newClient(options: Partial<CatSyphonClientOptions> = {}): CatSyphonClient {
  const client = new CatSyphonClient({
    serverUrl: api.url,
    apiKey: credentials.api_key,
    collectorId: credentials.collector_id,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100 },
    ...options,
  });
  openClients.push(client);
  return client;
}

async function serverLast(sessionId: string): Promise<number | undefined> {
  return (await newClient().getSession(sessionId))?.last_sequence;
}

describe("registration", () => {
  it("returns the collector's credentials", () => {
    expect(credentials.api_key).toMatch(/^cs_test_[A-Za-z0-9]{32}$/);
    expect(credentials.api_key.startsWith(credentials.api_key_prefix)).toBe(true);
    expect(credentials.collector_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("is refused without the admin credential", async () => {
    await expect(
      CatSyphonClient.registerCollector({
        serverUrl: api.url,
        adminToken: "not-the-admin-token-at-all-0123456789",
        collector_type: "sdk-test",
        collector_version: "1.0.0",
        hostname: "test-host",
      }),
    ).rejects.toMatchObject({ status: 401, code: "unauthorized" });
  });
});

describe("built-in credentials", () => {
  it("issues a fresh working key on each call, and the one fetched before keeps working", async () => {
    const first = await fetchBuiltinCredentials({ serverUrl: api.url, adminToken: api.adminToken });
    const second = await fetchBuiltinCredentials({ serverUrl: api.url, adminToken: api.adminToken });
    expect(second.api_key).not.toBe(first.api_key);
    const using = (c: typeof first) => newClient({ apiKey: c.api_key, collectorId: c.collector_id });
    await expect(using(second).getSession("no-such-session")).resolves.toBeNull();
    await expect(using(first).getSession("no-such-session")).resolves.toBeNull();
  });

  it("is refused without the admin credential", async () => {
    await expect(
      fetchBuiltinCredentials({ serverUrl: api.url, adminToken: "not-the-admin-token-at-all-0123456789" }),
    ).rejects.toMatchObject({ status: 401 });
  });
});

describe("a session through the typed helpers", () => {
  it("sends every event type, in one request, with the right wire format", async () => {
    const wire = recordingFetch();
    const client = newClient({ fetch: wire.fetch, batch: { flushIntervalMs: 0 } });
    const sessionId = newSessionId();
    expect(await client.getSession(sessionId)).toBeNull();

    const writer = client.session(sessionId);
    writer.start(
      { agent_type: "claude-code", agent_version: "2.0.14", working_directory: "/home/alice/projects/demo" },
      { emittedAt: "2025-06-01T09:00:00.000Z" },
    );
    writer.message({ author_role: "human", message_type: "prompt", content: "Fix the typo in README.md" });
    writer.message({
      author_role: "assistant",
      message_type: "response",
      content: "Reading README.md.",
      model: "claude-sonnet-4-5-20250929",
      token_usage: { input_tokens: 1200, output_tokens: 85, cache_read_tokens: 14000 },
    });
    writer.thinking({ content: "The typo is on line 2." });
    writer.toolCall({ tool_name: "Read", tool_use_id: "toolu_1", parameters: { file_path: "README.md" } });
    writer.toolResult({ tool_use_id: "toolu_1", success: true, result: "# Demo\nTeh demo.\n" });
    writer.error({ error_type: "rate_limit", message: "slow down" });
    writer.metadata({ custom: { anything: [1, 2, 3] } });
    expect(writer.end({ outcome: "success", summary: "Fixed the typo" })).toBe(9);
    expect(writer.pending).toBe(9);
    expect(wire.exchanges).toHaveLength(1); // only the getSession above

    await client.flush();
    expect(writer.pending).toBe(0);
    expect(writer.lastAcknowledgedSequence).toBe(9);

    const posts = wire.eventPosts();
    expect(posts).toHaveLength(1);
    const batch = batchOf(posts[0]!);
    expect(eventBatchSchema.safeParse(batch).success).toBe(true);
    expect(batch.events.map((event) => event.type)).toEqual([
      "session_start",
      "message",
      "message",
      "thinking",
      "tool_call",
      "tool_result",
      "error",
      "metadata",
      "session_end",
    ]);
    expect(sequencesOf(posts[0]!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(batch.events[0]).toMatchObject({
      emitted_at: "2025-06-01T09:00:00.000Z",
      data: { agent_type: "claude_code" },
    });
    expect(Date.parse(batch.events[1]!.observed_at)).toBeGreaterThan(Date.now() - 60_000);

    const accepted = JSON.parse(posts[0]!.responseBody) as { accepted: number; conversation_id: string };
    expect(posts[0]!.status).toBe(202);
    expect(accepted.accepted).toBe(9);

    const status = await client.getSession(sessionId);
    expect(status).toMatchObject({
      session_id: sessionId,
      last_sequence: 9,
      conversation_id: accepted.conversation_id,
    });
  });

  it("completes a session after flushing its writer", async () => {
    const wire = recordingFetch();
    const client = newClient({ fetch: wire.fetch, batch: { flushIntervalMs: 0 } });
    const sessionId = newSessionId();
    client.session(sessionId).start({ agent_type: "gemini", agent_version: "1.0.0" });
    await expect(
      client.completeSession(sessionId, { outcome: "success", summary: "done" }),
    ).resolves.toMatchObject({
      session_id: sessionId,
      status: "completed",
      outcome: "success",
    });
    expect(wire.exchanges.map((e) => `${e.method} ${new URL(e.url).pathname}`)).toEqual([
      "POST /collectors/events",
      `POST /collectors/sessions/${sessionId}/complete`,
    ]);
  });

  it("rejects a completion of an unknown session with 404", async () => {
    await expect(newClient().completeSession(newSessionId(), { outcome: "failure" })).rejects.toMatchObject({
      status: 404,
      code: "not_found",
    });
  });
});

describe("batching", () => {
  it("splits 1200 events by count (at most 500 a request) and sends them in order", async () => {
    const wire = recordingFetch();
    const client = newClient({ fetch: wire.fetch });
    const sessionId = newSessionId();
    const writer = client.session(sessionId);
    writer.start({ agent_type: "codex", agent_version: "0.40.0" });
    for (let i = 2; i <= 1200; i++)
      writer.message({ author_role: "human", message_type: "prompt", content: `#${i}` });
    await client.close();

    const posts = wire.eventPosts();
    expect(posts.length).toBeGreaterThanOrEqual(3);
    expect(posts.every((post) => post.status === 202)).toBe(true);
    expect(posts.every((post) => sequencesOf(post).length <= 500)).toBe(true);
    expect(posts.flatMap(sequencesOf)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
    expect(writer.pending).toBe(0);
    expect(await serverLast(sessionId)).toBe(1200);
  });

  it("keeps one request in flight per session, in order, however flushes overlap", async () => {
    const wire = recordingFetch();
    const client = newClient({ fetch: wire.fetch, batch: { maxEvents: 50, flushIntervalMs: 5 } });
    const sessionId = newSessionId();
    const writer = client.session(sessionId);
    const flushes: Promise<void>[] = [];
    for (let i = 1; i <= 1000; i++) {
      writer.thinking({ content: `#${i}` });
      if (i % 97 === 0) flushes.push(writer.flush(), client.flush());
      if (i % 250 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(flushes);
    await client.close();

    expect(wire.maxInFlight()).toBe(1);
    expect(wire.eventPosts().flatMap(sequencesOf)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(await serverLast(sessionId)).toBe(1000);
  });

  it("splits by serialized size", async () => {
    const wire = recordingFetch();
    const maxBytes = 64 * 1024;
    const client = newClient({ fetch: wire.fetch, batch: { maxBytes, flushIntervalMs: 0 } });
    const sessionId = newSessionId();
    const writer = client.session(sessionId);
    // Multi-byte text: the limit is in bytes, not characters.
    for (let i = 0; i < 30; i++) writer.thinking({ content: `${i} ` + "ü日".repeat(2000) });
    await client.flush();

    const posts = wire.eventPosts();
    expect(posts.length).toBeGreaterThanOrEqual(5);
    for (const post of posts) expect(utf8ByteLength(post.requestBody ?? "")).toBeLessThanOrEqual(maxBytes);
    expect(posts.flatMap(sequencesOf)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await serverLast(sessionId)).toBe(30);
  });

  it("flushes on the timer without being asked", async () => {
    const wire = recordingFetch();
    const client = newClient({ fetch: wire.fetch, batch: { flushIntervalMs: 50 } });
    const writer = client.session(newSessionId());
    writer.thinking({ content: "tick" });
    await waitFor(() => writer.pending === 0 && writer.lastAcknowledgedSequence === 1);
    expect(wire.eventPosts()).toHaveLength(1);
  });

  it("flushes on close, once, however often close is called", async () => {
    const wire = recordingFetch();
    const client = newClient({ fetch: wire.fetch, batch: { flushIntervalMs: 60_000 } });
    const sessionId = newSessionId();
    const writer = client.session(sessionId);
    writer.thinking({ content: "a" });
    writer.thinking({ content: "b" });
    writer.thinking({ content: "c" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(wire.eventPosts()).toHaveLength(0);

    const first = client.close();
    expect(client.close()).toBe(first);
    await first;
    await client.close();
    expect(wire.eventPosts()).toHaveLength(1);
    expect(writer.pending).toBe(0);
    expect(await serverLast(sessionId)).toBe(3);
  });

  it("closes one session's writer on its own", async () => {
    const client = newClient({ batch: { flushIntervalMs: 0 } });
    const sessionId = newSessionId();
    const writer = client.session(sessionId);
    writer.thinking({ content: "a" });
    await writer.close();
    expect(writer.pending).toBe(0);
    expect(() => writer.thinking({ content: "b" })).toThrow(/closed/);
    // A fresh writer for the same session may be opened afterwards.
    expect(client.session(sessionId, { startSequence: 2 })).not.toBe(writer);
  });
});

describe("resending", () => {
  it("treats events the server already has as duplicates", async () => {
    const sessionId = newSessionId();
    const first = newClient({ batch: { flushIntervalMs: 0 } });
    const writer = first.session(sessionId);
    const emittedAt = "2025-06-01T09:00:00.000Z";
    for (let i = 1; i <= 5; i++) writer.thinking({ content: `step ${i}` }, { emittedAt });
    await first.flush();

    // A collector that restarted without its state sends everything again, plus two new events.
    const wire = recordingFetch();
    const second = newClient({ fetch: wire.fetch, batch: { flushIntervalMs: 0 } });
    const again = second.session(sessionId);
    for (let i = 1; i <= 7; i++) again.thinking({ content: `step ${i}` }, { emittedAt });
    await second.flush();

    const [post] = wire.eventPosts();
    expect(post?.status).toBe(202);
    expect(JSON.parse(post?.responseBody ?? "{}")).toMatchObject({
      accepted: 2,
      duplicates: 5,
      last_sequence: 7,
    });
    expect(again.lastAcknowledgedSequence).toBe(7);
    expect(again.pending).toBe(0);
  });

  it("resumes where the server is", async () => {
    const sessionId = newSessionId();
    const first = newClient({ batch: { flushIntervalMs: 0 } });
    const writer = first.session(sessionId);
    writer.thinking({ content: "1" });
    writer.thinking({ content: "2" });
    await first.close();

    const second = newClient({ batch: { flushIntervalMs: 0 } });
    const resumed = await second.resumeSession(sessionId);
    expect(resumed.nextSequence).toBe(3);
    expect(resumed.thinking({ content: "3" })).toBe(3);
    await second.flush();
    expect(await serverLast(sessionId)).toBe(3);

    const fresh = await second.resumeSession(newSessionId());
    expect(fresh.nextSequence).toBe(1);
  });
});

describe("409 session_conflict", () => {
  it("rejects with a typed error naming the first conflicting sequence, and is not retried", async () => {
    const sessionId = newSessionId();
    const first = newClient({ batch: { flushIntervalMs: 0 } });
    const writer = first.session(sessionId);
    for (let i = 1; i <= 4; i++) writer.thinking({ content: `first source ${i}` });
    await first.close();

    const wire = recordingFetch();
    const second = newClient({ fetch: wire.fetch, batch: { flushIntervalMs: 0 } });
    const other = second.session(sessionId);
    other.thinking({ content: "second source 1" });
    other.thinking({ content: "second source 2" });
    const error: unknown = await other.flush().then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(CatSyphonSessionConflictError);
    expect(error).toMatchObject({ status: 409, code: "session_conflict", lastSequence: 4 });
    expect((error as CatSyphonSessionConflictError).firstConflictingSequence).toBe(1);
    expect(wire.eventPosts().map((post) => post.status)).toEqual([409]);
    // The conflicting events are dropped, not resent by a later flush.
    expect(other.pending).toBe(0);
    await second.close();
    expect(wire.eventPosts()).toHaveLength(1);
  });
});

describe("409 sequence_gap recovery", () => {
  async function sessionWithFive(): Promise<string> {
    const sessionId = newSessionId();
    const client = newClient({ batch: { flushIntervalMs: 0 } });
    const writer = client.session(sessionId);
    for (let i = 1; i <= 5; i++) writer.thinking({ content: `server ${i}` });
    await client.close();
    return sessionId;
  }

  it("renumbers the unacknowledged events to continue at the server's last + 1", async () => {
    const sessionId = await sessionWithFive();
    const resets: SequenceResetInfo[] = [];
    const wire = recordingFetch();
    const client = newClient({ fetch: wire.fetch, batch: { flushIntervalMs: 0, maxEvents: 3 } });
    const writer = client.session(sessionId, {
      startSequence: 10,
      onSequenceReset: (info) => void resets.push(info),
    });
    for (let i = 0; i < 5; i++) writer.thinking({ content: `client ${i}` });
    expect(writer.nextSequence).toBe(15);
    await client.flush();

    expect(resets).toEqual([{ sessionId, serverLastSequence: 5, previousNext: 10 }]);
    expect(writer.lastAcknowledgedSequence).toBe(10);
    expect(writer.nextSequence).toBe(11);
    expect(writer.pending).toBe(0);
    expect(wire.exchanges.map((e) => `${e.method} ${new URL(e.url).pathname} ${e.status}`)).toEqual([
      "POST /collectors/events 409",
      `GET /collectors/sessions/${sessionId} 200`,
      "POST /collectors/events 202",
      "POST /collectors/events 202",
    ]);
    const accepted = wire.eventPosts().filter((post) => post.status === 202);
    expect(accepted.flatMap(sequencesOf)).toEqual([6, 7, 8, 9, 10]);
    expect(
      accepted.flatMap((post) => batchOf(post).events.map((e) => (e.data as { content: string }).content)),
    ).toEqual(["client 0", "client 1", "client 2", "client 3", "client 4"]);
    expect(await serverLast(sessionId)).toBe(10);

    // Writing on continues the corrected numbering.
    expect(writer.thinking({ content: "next" })).toBe(11);
    await client.flush();
    expect(await serverLast(sessionId)).toBe(11);
  });

  it("starts an unknown session at 1 when the first batch does not", async () => {
    const sessionId = newSessionId();
    const resets: SequenceResetInfo[] = [];
    const client = newClient({
      batch: { flushIntervalMs: 0 },
      onSequenceReset: (info) => void resets.push(info),
    });
    const writer = client.session(sessionId, { startSequence: 3 });
    writer.thinking({ content: "a" });
    writer.thinking({ content: "b" });
    await client.flush();
    expect(resets).toEqual([{ sessionId, serverLastSequence: 0, previousNext: 3 }]);
    expect(await serverLast(sessionId)).toBe(2);
  });

  it("lets a caller that re-reads its source discard and resend instead", async () => {
    const sessionId = await sessionWithFive();
    const client = newClient({ batch: { flushIntervalMs: 0 } });
    let resendFrom = 0;
    const writer = client.session(sessionId, {
      startSequence: 9,
      onSequenceReset: (info) => {
        resendFrom = info.serverLastSequence + 1;
        return "discard";
      },
    });
    writer.thinking({ content: "9" });
    await client.flush();
    expect(resendFrom).toBe(6);
    expect(writer.pending).toBe(0);
    expect(writer.nextSequence).toBe(6);

    for (let sequence = resendFrom; sequence <= 9; sequence++) {
      writer.append({
        sequence,
        type: "thinking",
        emitted_at: "2025-06-01T09:00:00.000Z",
        observed_at: new Date().toISOString(),
        data: { content: String(sequence) },
      });
    }
    await client.flush();
    expect(await serverLast(sessionId)).toBe(9);
  });

  it("refuses writes from inside the reset handler", async () => {
    const sessionId = await sessionWithFive();
    const client = newClient({ batch: { flushIntervalMs: 0 } });
    let thrown: unknown;
    const writer = client.session(sessionId, {
      startSequence: 20,
      onSequenceReset: () => {
        try {
          writer.thinking({ content: "inside" });
        } catch (error) {
          thrown = error;
        }
      },
    });
    writer.thinking({ content: "x" });
    await client.flush();
    expect(String(thrown)).toMatch(/onSequenceReset must not write/);
    expect(await serverLast(sessionId)).toBe(6);
  });
});

describe("errors", () => {
  it("throws CatSyphonApiError for a wrong key, without retrying, and keeps the events", async () => {
    const wire = recordingFetch();
    const client = newClient({
      apiKey: randomApiKey(),
      fetch: wire.fetch,
      batch: { flushIntervalMs: 0 },
      retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 5 },
    });
    const writer = client.session(newSessionId());
    writer.thinking({ content: "x" });
    const error = await client.flush().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CatSyphonApiError);
    expect(error).toMatchObject({ status: 401, code: "unauthorized" });
    expect((error as CatSyphonApiError).message).toMatch(/401/);
    expect(wire.exchanges).toHaveLength(1);
    expect(writer.pending).toBe(1);
    await expect(client.getSession("whatever")).rejects.toMatchObject({ status: 401 });
  });

  it("reports background failures to onError and keeps the events", async () => {
    const errors: unknown[] = [];
    const client = newClient({
      apiKey: randomApiKey(),
      batch: { flushIntervalMs: 20 },
      onError: (error) => errors.push(error),
    });
    const writer = client.session(newSessionId());
    writer.thinking({ content: "x" });
    await waitFor(() => errors.length > 0);
    expect(errors[0]).toBeInstanceOf(CatSyphonApiError);
    expect(writer.pending).toBe(1);
    await expect(client.close()).rejects.toBeInstanceOf(CatSyphonApiError);
  });

  it("treats a success body of the wrong shape as an error", async () => {
    const transport = {
      fetch: (input: string, init?: RequestInit) => globalThis.fetch(input, init),
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      timeoutMs: 5000,
    };
    // /health answers 200 with something that is not a session status.
    await expect(
      sendRequest(transport, { method: "GET", url: `${api.url}/health`, schema: eventBatchSchema }),
    ).rejects.toBeInstanceOf(CatSyphonResponseError);
  });

  it("retries network errors, then throws CatSyphonNetworkError", async () => {
    const port = await freePort(); // nothing listens there
    const attempts: number[] = [];
    const client = newClient({
      serverUrl: `http://127.0.0.1:${port}`,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      onRetry: (info) => attempts.push(info.attempt),
    });
    await expect(client.getSession("s")).rejects.toBeInstanceOf(CatSyphonNetworkError);
    expect(attempts).toEqual([1, 2]);
  });
});
