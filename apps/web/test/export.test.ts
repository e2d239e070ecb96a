// GET /conversations/{id}/export (Markdown and JSONL, streamed page by page) and GET /ingestion/tagger, against the
// real web process and database: content, headers, scoping (another workspace's id is a 404), a 10,000-message
// session downloaded whole, and the stream read in-process to show it pulls one page at a time.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createWorkspace, createWorkspaceApiToken, ensureDefaultWorkspace } from "@catsyphon/accounts";
import { type PrismaClient } from "@catsyphon/db";
import { startWebProcess, type WebProcess } from "@catsyphon/testing";
import { getConversation } from "../src/features/conversations/queries";
import { exportConversationLineSchema, exportMessageLineSchema } from "../src/features/export/schemas";
import { exportStream } from "../src/features/export/stream";
import { taggerStatusSchema } from "../src/features/ingestion/schemas";
import { TestClient } from "./support/client";
import { testPrisma } from "./support/fixtures";
import { seedLongSession } from "./support/long-session";

let web: WebProcess;
let prisma: PrismaClient;
let client: TestClient;
let token: string;
let workspaceId: string;
let otherWorkspaceId: string;
const ids = { short: "", long: "", other: "" };

beforeAll(async () => {
  web = await startWebProcess({ label: "web-export" });
  prisma = testPrisma(web.database.url);
  workspaceId = await ensureDefaultWorkspace(prisma);
  otherWorkspaceId = (await createWorkspace(prisma, { name: "Elsewhere" })).id;
  token = (
    await createWorkspaceApiToken(prisma, { workspaceId, name: "reader", scopes: ["read"], expiresAt: null })
  ).token;
  client = new TestClient(web.url);
  ids.short = (await seedLongSession(prisma, workspaceId, 8, "short-otter")).id;
  ids.long = (await seedLongSession(prisma, workspaceId, 10_000, "long-heron")).id;
  ids.other = (await seedLongSession(prisma, otherWorkspaceId, 4, "elsewhere")).id;
});

afterAll(async () => {
  await prisma?.$disconnect();
  await web?.stop();
});

const download = (id: string, format: string) =>
  client.get(`/api/v1/conversations/${id}/export?format=${format}`, { bearer: token });

describe("GET /api/v1/conversations/{id}/export", () => {
  it("answers Markdown as an attachment, with the session's facts, prompts, tool calls and their results", async () => {
    const response = await download(ids.short, "md");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="catsyphon-short-otter.md"',
    );
    const text = await response.text();
    expect(text.startsWith("# short-otter\n")).toBe(true);
    expect(text).toContain("## #1 prompt (human,");
    expect(text).toContain("Please fix **bug** number 1");
    expect(text).toContain("**Tool:** `Edit`");
    expect(text).toContain('"old_string": "const a = 1;\\nkeep()"');
    expect(text).toContain("The file src/file2.ts has been updated.");
    expect(text).toContain("_claude-sonnet-4-5 · $0.0123_");
    expect(text.match(/^## #/gm)).toHaveLength(8);
  });

  it("answers JSONL: a conversation line, then one line per item in sequence order", async () => {
    const response = await download(ids.short, "jsonl");
    expect(response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const lines = (await response.text())
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as unknown);
    expect(exportConversationLineSchema.parse(lines[0]).conversation).toMatchObject({ id: ids.short });
    const messages = lines.slice(1).map((line) => exportMessageLineSchema.parse(line));
    expect(messages.map((m) => m.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(messages[1]?.tool_calls[0]).toMatchObject({ tool_name: "Edit", success: true });
  });

  it("streams a 10,000-message session whole, each item once", async () => {
    const started = performance.now();
    const response = await download(ids.long, "jsonl");
    const text = await response.text();
    const elapsed = performance.now() - started;
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(10_001);
    const sequences = lines.slice(1).map((line) => exportMessageLineSchema.parse(JSON.parse(line)).sequence);
    expect(new Set(sequences).size).toBe(10_000);
    expect(sequences.at(-1)).toBe(10_000);
    const md = await (await download(ids.long, "md")).text();
    expect(md.match(/^## #/gm)).toHaveLength(10_000);
    process.stdout.write(
      `export of 10,000 messages as JSONL: ${Math.round(elapsed)} ms, ${text.length} chars\n`,
    );
  });

  it("reads the transcript a page at a time, only as the body is taken", async () => {
    const conversation = await getConversation(prisma, workspaceId, ids.long);
    if (!conversation) throw new Error("seeded conversation missing");
    const reader = exportStream(prisma, workspaceId, conversation, "jsonl", 500).getReader();
    const decoder = new TextDecoder();
    const header = await reader.read();
    expect(decoder.decode(header.value)).toContain('"record":"conversation"');
    const first = await reader.read();
    expect(decoder.decode(first.value).trimEnd().split("\n")).toHaveLength(500);
    await reader.cancel();
  });

  it("refuses an unknown format, and answers 404 for another workspace's conversation", async () => {
    expect((await download(ids.short, "pdf")).status).toBe(400);
    expect((await download(ids.other, "md")).status).toBe(404);
  });
});

describe("GET /api/v1/ingestion/tagger", () => {
  const status = async () => {
    const response = await client.get("/api/v1/ingestion/tagger", { bearer: token });
    expect(response.status).toBe(200);
    return taggerStatusSchema.parse(await response.json());
  };

  it("says not paused, then paused with why and until when, and ignores another workspace's pause", async () => {
    await prisma.taggerPause.create({
      data: {
        workspaceId: otherWorkspaceId,
        reason: "quota",
        error: "elsewhere",
        resumeAt: new Date(Date.now() + 3_600_000),
      },
    });
    expect(await status()).toEqual({ paused: false, pause: null });
    const resumeAt = new Date(Date.now() + 600_000);
    await prisma.taggerPause.create({
      data: { workspaceId, reason: "auth", error: "401 invalid api key", resumeAt },
    });
    expect(await status()).toMatchObject({
      paused: true,
      pause: { reason: "auth", error: "401 invalid api key", resume_at: resumeAt.toISOString() },
    });
  });

  it("says not paused once resume_at has passed", async () => {
    await prisma.taggerPause.update({
      where: { workspaceId },
      data: { resumeAt: new Date(Date.now() - 1_000) },
    });
    expect((await status()).paused).toBe(false);
  });
});
