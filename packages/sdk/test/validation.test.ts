// Bad input must throw synchronously and never reach the wire: the fetch here fails the test if it is called.
import { describe, expect, it } from "@jest/globals";

import { CatSyphonClient, CatSyphonError, CatSyphonValidationError } from "../src";
import { type FetchFunction } from "../src/transport";
import { randomApiKey } from "./support";

const neverCalled: FetchFunction = () => {
  throw new Error("nothing may reach the wire");
};

function newClient(batch = {}) {
  return new CatSyphonClient({
    serverUrl: "http://127.0.0.1:9",
    apiKey: randomApiKey(),
    collectorId: "0b9e8f7a-6d5c-4b3a-8f1e-2d3c4b5a6f7e",
    fetch: neverCalled,
    batch: { flushIntervalMs: 0, ...batch },
  });
}

function issuePaths(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CatSyphonValidationError);
    return (error as CatSyphonValidationError).issues.map((issue) => issue.path);
  }
  throw new Error("expected a validation error");
}

describe("event validation", () => {
  it("throws with the zod issue paths and buffers nothing", () => {
    const writer = newClient().session("s-1");
    expect(issuePaths(() => writer.start({ agent_type: "claude-code", agent_version: "" }))).toEqual([
      "data.agent_version",
    ]);
    expect(
      issuePaths(() =>
        writer.message({ author_role: "robot", message_type: "prompt" } as unknown as Parameters<
          typeof writer.message
        >[0]),
      ).sort(),
    ).toEqual(["data.author_role"]); // content may be absent (decision 0020): it is stored as ""
    expect(
      issuePaths(() =>
        writer.toolCall({ tool_name: "Read", tool_use_id: "t1", parameters: "x" } as unknown as Parameters<
          typeof writer.toolCall
        >[0]),
      ),
    ).toEqual(["data.parameters"]);
    expect(
      issuePaths(() =>
        writer.message(
          {
            author_role: "assistant",
            message_type: "response",
            content: "",
            token_usage: { input_tokens: -1 },
          },
          {},
        ),
      ),
    ).toEqual(["data.token_usage.input_tokens"]);
    expect(issuePaths(() => writer.thinking({ content: "hm" }, { emittedAt: "yesterday" }))).toEqual([
      "emitted_at",
    ]);
    expect(issuePaths(() => writer.thinking({ content: "hm" }, { emittedAt: new Date(Number.NaN) }))).toEqual(
      ["emitted_at"],
    );
    // Any outcome label is kept (decision 0020); an empty one is not a label.
    expect(issuePaths(() => writer.end({ outcome: "" }))).toEqual(["data.outcome"]);
    expect(writer.pending).toBe(0);
    expect(writer.nextSequence).toBe(1);
  });

  it("numbers valid events and fills the timestamps", () => {
    const writer = newClient().session("s-2", { startSequence: 7 });
    const before = Date.now();
    expect(writer.start({ agent_type: "Claude Code", agent_version: "2.0.14" })).toBe(7);
    expect(writer.thinking({ content: "x" }, { emittedAt: new Date("2025-01-01T00:00:00Z") })).toBe(8);
    expect(writer.pending).toBe(2);
    expect(writer.nextSequence).toBe(9);
    expect(writer.lastAcknowledgedSequence).toBe(6);
    expect(Date.now()).toBeGreaterThanOrEqual(before);
  });

  it("refuses an event too large for any batch", () => {
    const writer = newClient({ maxBytes: 4096 }).session("s-3");
    const issues = issuePaths(() => writer.thinking({ content: "x".repeat(5000) }));
    expect(issues).toEqual([""]);
    expect(writer.pending).toBe(0);
  });

  it("checks the sequence of appended events", () => {
    const writer = newClient().session("s-4", { startSequence: 3 });
    const event = {
      sequence: 4,
      type: "thinking" as const,
      emitted_at: "2025-06-01T09:00:00.000Z",
      observed_at: "2025-06-01T09:00:00.000Z",
      data: { content: "x" },
    };
    expect(issuePaths(() => writer.append(event))).toEqual(["sequence"]);
    expect(writer.append({ ...event, sequence: 3 })).toBe(3);
    expect(writer.nextSequence).toBe(4);
  });

  it("validates ids and options", () => {
    const client = newClient();
    expect(issuePaths(() => client.session(""))).toEqual([""]);
    expect(issuePaths(() => client.session("s", { startSequence: 0 }))).toEqual([""]);
    expect(
      issuePaths(
        () =>
          new CatSyphonClient({
            serverUrl: "ftp://x",
            apiKey: "nope",
            collectorId: "nope",
            fetch: neverCalled,
          }),
      ).sort(),
    ).toEqual(["apiKey", "collectorId", "serverUrl"]);
    expect(issuePaths(() => newClient({ maxEvents: 1001 }))).toEqual(["batch.maxEvents"]);
  });

  it("returns the open writer and refuses to reopen it with other options", () => {
    const client = newClient();
    const writer = client.session("s-5");
    expect(client.session("s-5")).toBe(writer);
    expect(() => client.session("s-5", { startSequence: 4 })).toThrow(CatSyphonError);
  });

  it("refuses writes after close", async () => {
    const client = newClient();
    const writer = client.session("s-6");
    await client.close();
    await client.close();
    expect(() => writer.thinking({ content: "late" })).toThrow(/closed/);
    expect(() => client.session("s-7")).toThrow(/closed/);
  });
});
