// GET /api/v1/conversations/{id}/messages over what the real ingest API and worker stored: the shape, sequence
// order and paging, tool results joined into their calls, from_sequence and types, 400s, and another workspace's
// conversation answering 404.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createWorkspace, createWorkspaceApiToken, ensureDefaultWorkspace } from "@catsyphon/accounts";
import { type PrismaClient } from "@catsyphon/db";
import { startWebProcess, type WebProcess } from "@catsyphon/testing";
import { messageListSchema } from "../src/features/messages/schemas";
import { body, TestClient } from "./support/client";
import { testPrisma } from "./support/fixtures";
import { type IngestStack, sequenced, startIngestStack } from "./support/ingest";

let web: WebProcess;
let prisma: PrismaClient;
let ingest: IngestStack;
let client: TestClient;
let token: string;
let otherToken: string;
let conversationId = "";

const usage = { input_tokens: 1000, output_tokens: 200, cache_read_tokens: 0, cache_creation_tokens: 0 };

beforeAll(async () => {
  web = await startWebProcess({ label: "web-messages" });
  prisma = testPrisma(web.database.url);
  ingest = await startIngestStack(web, prisma);
  const workspaceId = await ensureDefaultWorkspace(prisma);
  const other = await createWorkspace(prisma, { name: "Other team" });
  const read = (id: string) =>
    createWorkspaceApiToken(prisma, { workspaceId: id, name: "reader", scopes: ["read"], expiresAt: null });
  token = (await read(workspaceId)).token;
  otherToken = (await read(other.id)).token;
  client = new TestClient(web.url);

  const collector = await ingest.collectorFor(workspaceId);
  const events = sequenced([
    {
      type: "session_start",
      data: { agent_type: "claude-code", agent_version: "2.1.0", working_directory: "/home/ada/app" },
    },
    { type: "message", data: { author_role: "human", message_type: "prompt", content: "Fix the login" } },
    {
      type: "message",
      data: {
        author_role: "assistant",
        message_type: "response",
        content: "Reading the file.",
        model: "claude-sonnet-4-5",
        token_usage: usage,
        thinking_content: "The bug is probably in auth.",
        stop_reason: "tool_use",
      },
    },
    {
      type: "tool_call",
      data: { tool_name: "Read", tool_use_id: "toolu_read", parameters: { file_path: "src/auth.ts" } },
    },
    {
      type: "tool_result",
      data: { tool_use_id: "toolu_read", success: true, result: "export function login() {}" },
    },
    { type: "tool_result", data: { tool_use_id: "toolu_stray", success: true, result: "no call for me" } },
    { type: "thinking", data: { content: "Now run the tests." } },
    {
      type: "tool_call",
      data: { tool_name: "Bash", tool_use_id: "toolu_bash", parameters: { command: "npm t" } },
    },
    { type: "tool_result", data: { tool_use_id: "toolu_bash", success: false, result: "exit 1" } },
    { type: "error", data: { error_type: "api_error", message: "overloaded" } },
    { type: "session_end", data: { outcome: "success" } },
  ]);
  // The call's result in a later batch than the call itself, as a slow tool produces it.
  conversationId = await collector.send("messages-session", events.slice(0, 8));
  await collector.send("messages-session", events.slice(8));
  await ingest.stored(conversationId, 11);
});

afterAll(async () => {
  await ingest?.stop();
  await prisma?.$disconnect();
  await web?.stop();
});

const messages = async (query = "") => {
  const response = await client.get(`/api/v1/conversations/${conversationId}/messages${query}`, {
    bearer: token,
  });
  expect(response.status).toBe(200);
  return messageListSchema.parse(await response.json());
};

describe("GET /api/v1/conversations/{id}/messages", () => {
  it("answers the transcript in sequence order with tool results joined into their calls", async () => {
    const page = await messages();
    expect(page.items.map((item) => [item.sequence, item.message_type])).toEqual([
      [2, "prompt"],
      [3, "response"],
      [4, "tool_call"],
      [6, "tool_result"],
      [7, "thinking"],
      [8, "tool_call"],
      [10, "error"],
    ]);
    expect({ total: page.total, page: page.page, page_size: page.page_size, pages: page.pages }).toEqual({
      total: 7,
      page: 1,
      page_size: 100,
      pages: 1,
    });
    const [prompt, response, read, stray, , bash] = page.items;
    expect(prompt).toMatchObject({
      role: "human",
      content: "Fix the login",
      tool_calls: [],
      cost_usd: null,
      epoch_number: 1,
      emitted_at: "2026-11-20T10:00:02.000Z",
    });
    expect(response).toMatchObject({
      role: "assistant",
      extra_data: {
        model: "claude-sonnet-4-5",
        token_usage: usage,
        thinking_content: "The bug is probably in auth.",
        stop_reason: "tool_use",
      },
    });
    expect(response?.cost_usd).toBeGreaterThan(0);
    expect(read?.tool_calls).toEqual([
      {
        tool_name: "Read",
        tool_use_id: "toolu_read",
        parameters: { file_path: "src/auth.ts" },
        result: "export function login() {}",
        success: true,
      },
    ]);
    expect(bash?.tool_calls).toEqual([
      {
        tool_name: "Bash",
        tool_use_id: "toolu_bash",
        parameters: { command: "npm t" },
        result: "exit 1",
        success: false,
      },
    ]);
    // A result whose call is not in the conversation stays an item of its own.
    expect(stray).toMatchObject({
      role: "tool",
      content: "no call for me",
      tool_calls: [
        {
          tool_name: null,
          tool_use_id: "toolu_stray",
          parameters: null,
          result: "no call for me",
          success: true,
        },
      ],
    });
  });

  it("pages", async () => {
    const first = await messages("?page_size=3");
    const third = await messages("?page_size=3&page=3");
    expect(first.items.map((item) => item.sequence)).toEqual([2, 3, 4]);
    expect(third.items.map((item) => item.sequence)).toEqual([10]);
    expect(third).toMatchObject({ total: 7, pages: 3, page: 3, page_size: 3 });
    expect((await messages("?page=9")).items).toEqual([]);
  });

  it("answers the page holding from_sequence, and says which page it is", async () => {
    // Sequence 5 is a joined result: the first item at or after it is 6, the 4th item.
    const hit = await messages("?page_size=2&from_sequence=5");
    expect(hit).toMatchObject({ page: 2, pages: 4, total: 7 });
    expect(hit.items.map((item) => item.sequence)).toEqual([4, 6]);
    expect((await messages("?page_size=2&from_sequence=1")).page).toBe(1);
    expect((await messages("?page_size=2&from_sequence=10")).items.map((item) => item.sequence)).toEqual([
      10,
    ]);
    const past = await messages("?page_size=2&from_sequence=99");
    expect(past).toMatchObject({ page: 4, items: [{ sequence: 10 }] });
  });

  it("filters by message types", async () => {
    const tools = await messages("?types=tool_call,tool_result");
    expect(tools.items.map((item) => item.sequence)).toEqual([4, 6, 8]);
    expect(tools.total).toBe(3);
    const within = await messages("?types=tool_call,thinking&from_sequence=7&page_size=1");
    expect(within).toMatchObject({ page: 2, total: 3, items: [{ sequence: 7 }] });
  });

  it.each([
    ["page_size=1001", "page_size"],
    ["page_size=0", "page_size"],
    ["page=0", "page"],
    ["from_sequence=-1", "from_sequence"],
    ["page=2&from_sequence=3", "from_sequence"],
    ["types=prompt,bogus", "types"],
    ["sort=desc", ""],
  ])("answers 400 with the error shape for %s", async (query, path) => {
    const response = await client.get(`/api/v1/conversations/${conversationId}/messages?${query}`, {
      bearer: token,
    });
    expect(response.status).toBe(400);
    const answer = await body<{ error: string; details: { path: string }[] }>(response);
    expect(answer.error).toBe("invalid_query");
    expect(answer.details.map((detail) => detail.path)).toContain(path);
  });

  it("answers 404 for another workspace's conversation and an unknown one", async () => {
    for (const [id, bearer] of [
      [conversationId, otherToken],
      ["00000000-0000-4000-8000-000000000000", token],
      ["not-a-uuid", token],
    ] as const) {
      const response = await client.get(`/api/v1/conversations/${id}/messages`, { bearer });
      expect(response.status).toBe(404);
      expect(await body(response)).toMatchObject({ error: "not_found" });
    }
  });
});
