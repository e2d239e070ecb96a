// The first read routes: GET /api/v1/conversations and /api/v1/conversations/{id}, their shapes (checked against the
// same zod schemas the OpenAPI document is generated from), sub-agents nested depth 1, filters, paging, and 400s.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createWorkspace, createWorkspaceApiToken, ensureDefaultWorkspace } from "@catsyphon/accounts";
import { type Prisma, type PrismaClient } from "@catsyphon/db";
import { startWebProcess, type WebProcess } from "@catsyphon/testing";
import {
  conversationDetailSchema,
  conversationListQuerySchema,
  conversationListSchema,
} from "../src/features/conversations/schemas";
import { body, TestClient } from "./support/client";
import { conversation, testPrisma } from "./support/fixtures";

let web: WebProcess;
let prisma: PrismaClient;
let client: TestClient;
let token: string;
const rows = { parent: "", child1: "", child2: "", grandchild: "", orphan: "", codex: "", failed: "" };
const tagged = { bugFix: "", feature: "", untagged: "" };
let taggedWorkspaceToken = "";
let projectId = "";
let developerId = "";

beforeAll(async () => {
  web = await startWebProcess({ label: "web-conversations" });
  prisma = testPrisma(web.database.url);
  const workspaceId = await ensureDefaultWorkspace(prisma);
  token = (
    await createWorkspaceApiToken(prisma, { workspaceId, name: "reader", scopes: ["read"], expiresAt: null })
  ).token;
  client = new TestClient(web.url);
  projectId = (
    await prisma.project.create({
      data: { workspaceId, name: "app", directoryPath: "/home/ada/app" },
      select: { id: true },
    })
  ).id;
  developerId = (
    await prisma.developer.create({ data: { workspaceId, username: "ada" }, select: { id: true } })
  ).id;
  const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 10, day, hour));

  rows.parent = (
    await conversation(prisma, {
      workspaceId,
      projectId,
      developerId,
      startTime: at(20),
      lastActivityAt: at(20, 12),
      tokens: [1000, 200, 300, 40],
      costUsd: "0.5000000001",
    })
  ).id;
  rows.child1 = (
    await conversation(prisma, { workspaceId, parentId: rows.parent, startTime: at(20, 11) })
  ).id;
  rows.child2 = (
    await conversation(prisma, { workspaceId, parentId: rows.parent, startTime: at(20, 10) })
  ).id;
  rows.grandchild = (
    await conversation(prisma, { workspaceId, parentId: rows.child1, startTime: at(20, 11) })
  ).id;
  rows.orphan = (
    await prisma.conversation.create({
      data: {
        id: "7a1c1b0e-4c55-5d8e-9f00-000000000001",
        workspaceId,
        collectorSessionId: "orphan-agent",
        agentType: "claude_code",
        conversationType: "agent",
        parentSessionId: "never-arrived",
        status: "completed",
        startTime: at(18),
        lastActivityAt: at(18),
      },
      select: { id: true },
    })
  ).id;
  rows.codex = (
    await conversation(prisma, {
      workspaceId,
      agentType: "codex",
      status: "active",
      success: null,
      startTime: at(22),
      lastActivityAt: at(22),
      costUsd: null,
      extraData: {},
    })
  ).id;
  rows.failed = (
    await conversation(prisma, { workspaceId, success: false, startTime: at(15), lastActivityAt: at(15) })
  ).id;

  // Tagged sessions in a workspace of their own, so the list tests above keep their rows.
  const taggedWorkspace = await createWorkspace(prisma, { name: "Tagged" });
  taggedWorkspaceToken = (
    await createWorkspaceApiToken(prisma, {
      workspaceId: taggedWorkspace.id,
      name: "reader",
      scopes: ["read"],
      expiresAt: null,
    })
  ).token;
  const inTagged = (tags: Prisma.InputJsonObject, day: number) =>
    conversation(prisma, {
      workspaceId: taggedWorkspace.id,
      tags,
      startTime: at(day),
      lastActivityAt: at(day),
    });
  tagged.bugFix = (
    await inTagged(
      {
        intent: "bug_fix",
        has_errors: true,
        error_count: 3,
        features: ["auth", "login"],
        languages: ["ts"],
        summary: "",
        _meta: { source: "rules" },
      },
      12,
    )
  ).id;
  tagged.feature = (
    await inTagged(
      {
        intent: "feature",
        has_errors: false,
        error_count: 0,
        features: ["billing"],
        languages: ["ts", "sql"],
        summary: "Add invoices",
      },
      11,
    )
  ).id;
  tagged.untagged = (await inTagged({}, 10)).id;

  await prisma.fileTouched.createMany({
    data: [
      {
        workspaceId,
        conversationId: rows.parent,
        sourceSequence: 3,
        filePath: "src/a.ts",
        changeType: "read",
      },
      {
        workspaceId,
        conversationId: rows.parent,
        sourceSequence: 5,
        filePath: "src/a.ts",
        changeType: "edit",
        linesAdded: 4,
        linesDeleted: 1,
      },
      {
        workspaceId,
        conversationId: rows.parent,
        sourceSequence: 7,
        filePath: "src/b.ts",
        changeType: "create",
        linesAdded: 10,
      },
    ],
  });
  await prisma.epoch.createMany({
    data: [
      { conversationId: rows.parent, epochNumber: 1, startSequence: 1, startedAt: at(20) },
      {
        conversationId: rows.parent,
        epochNumber: 2,
        startSequence: 40,
        trigger: "auto",
        preTokens: 150000,
        summary: "compacted",
      },
    ],
  });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await web?.stop();
});

const list = async (query = "") => {
  const response = await client.get(`/api/v1/conversations${query}`, { bearer: token });
  expect(response.status).toBe(200);
  return conversationListSchema.parse(await response.json());
};

describe("GET /api/v1/conversations", () => {
  it("lists main sessions and orphans by last activity, sub-agents as children of depth 1", async () => {
    const page = await list();
    expect(page.items.map((item) => item.id)).toEqual([rows.codex, rows.parent, rows.orphan, rows.failed]);
    expect({ total: page.total, page: page.page, page_size: page.page_size, pages: page.pages }).toEqual({
      total: 4,
      page: 1,
      page_size: 25,
      pages: 1,
    });
    const parent = page.items[1];
    expect(parent?.children.map((child) => child.id)).toEqual([rows.child2, rows.child1]);
    expect(JSON.stringify(page)).not.toContain(rows.grandchild);
    expect(parent?.children[0]).not.toHaveProperty("children");
  });

  it("carries the fields of DESIGN §6 from the row", async () => {
    const parent = (await list()).items.find((item) => item.id === rows.parent);
    expect(parent).toMatchObject({
      project_id: projectId,
      project_name: "app",
      developer_id: developerId,
      developer: "ada",
      agent_type: "claude_code",
      status: "completed",
      success: true,
      start_time: "2026-11-20T10:00:00.000Z",
      last_activity_at: "2026-11-20T12:00:00.000Z",
      message_count: 4,
      files_count: 2,
      slug: "quiet-river",
      git_branch: "main",
      input_tokens: 1000,
      output_tokens: 200,
      cache_read_tokens: 300,
      cache_creation_tokens: 40,
      total_tokens: 1540,
      cost_usd: 0.5000000001,
      tags: {},
    });
    const codex = (await list()).items.find((item) => item.id === rows.codex);
    expect(codex).toMatchObject({
      cost_usd: null,
      slug: null,
      git_branch: null,
      success: null,
      status: "active",
    });
  });

  it("pages", async () => {
    const first = await list("?page=1&page_size=3");
    const second = await list("?page=2&page_size=3");
    expect(first.items).toHaveLength(3);
    expect(second.items.map((item) => item.id)).toEqual([rows.failed]);
    expect(second).toMatchObject({ total: 4, pages: 2, page: 2, page_size: 3 });
    expect((await list("?page=9")).items).toEqual([]);
  });

  it("filters by project, developer, agent, status, success and start date", async () => {
    const ids = async (query: string) => (await list(query)).items.map((item) => item.id);
    expect(await ids(`?project_id=${projectId}`)).toEqual([rows.parent]);
    expect(await ids(`?developer_id=${developerId}`)).toEqual([rows.parent]);
    expect(await ids("?agent_type=codex")).toEqual([rows.codex]);
    // Names as collectors send them are the stored canonical name (claude-code and Claude Code are claude_code).
    expect(await ids("?agent_type=claude-code")).toEqual(await ids("?agent_type=claude_code"));
    expect((await ids("?agent_type=Claude%20Code")).length).toBeGreaterThan(0);
    expect(await ids("?status=active")).toEqual([rows.codex]);
    expect(await ids("?success=false")).toEqual([rows.failed]);
    expect(await ids("?start_date=2026-11-19&end_date=2026-11-20")).toEqual([rows.parent]);
    expect(await ids("?start_date=2026-11-21T00:00:00Z")).toEqual([rows.codex]);
    expect(await ids("?end_date=2026-11-15")).toEqual([rows.failed]);
  });

  it.each([
    ["page=0", "page"],
    ["page=abc", "page"],
    ["page_size=101", "page_size"],
    ["page_size=1.5", "page_size"],
    ["status=running", "status"],
    ["success=yes", "success"],
    ["project_id=42", "project_id"],
    ["start_date=yesterday", "start_date"],
    ["colour=blue", ""],
  ])("answers 400 with the error shape for %s", async (query, path) => {
    const response = await client.get(`/api/v1/conversations?${query}`, { bearer: token });
    expect(response.status).toBe(400);
    const answer = await body<{ error: string; message: string; details: { path: string }[] }>(response);
    expect(answer.error).toBe("invalid_query");
    expect(typeof answer.message).toBe("string");
    expect(answer.details.map((detail) => detail.path)).toContain(path);
  });
});

describe("GET /api/v1/conversations?tag=", () => {
  const ids = async (query: string) => {
    const response = await client.get(`/api/v1/conversations?${query}`, { bearer: taggedWorkspaceToken });
    expect(response.status).toBe(200);
    return conversationListSchema.parse(await response.json()).items.map((item) => item.id);
  };

  it("matches a string field, an array element, a boolean and a number", async () => {
    expect(await ids("tag=intent:bug_fix")).toEqual([tagged.bugFix]);
    expect(await ids("tag=features:billing")).toEqual([tagged.feature]);
    expect(await ids("tag=languages:ts")).toEqual([tagged.bugFix, tagged.feature]);
    expect(await ids("tag=has_errors:true")).toEqual([tagged.bugFix]);
    expect(await ids("tag=has_errors:false")).toEqual([tagged.feature]);
    expect(await ids("tag=error_count:3")).toEqual([tagged.bugFix]);
  });

  it("with a key only, wants the key present and not false, null, 0 or empty", async () => {
    expect(await ids("tag=intent")).toEqual([tagged.bugFix, tagged.feature]);
    expect(await ids("tag=has_errors")).toEqual([tagged.bugFix]);
    expect(await ids("tag=error_count")).toEqual([tagged.bugFix]);
    expect(await ids("tag=summary")).toEqual([tagged.feature]);
    expect(await ids("tag=_meta")).toEqual([tagged.bugFix]);
    expect(await ids("tag=sentiment")).toEqual([]);
  });

  it("wants every tag of several, and finds nothing for a value no session has", async () => {
    expect(await ids("tag=languages:ts&tag=features:auth")).toEqual([tagged.bugFix]);
    expect(await ids("tag=languages:ts&tag=intent:feature&tag=has_errors")).toEqual([]);
    expect(await ids("tag=intent:Bug_Fix")).toEqual([]);
    expect(await ids("tag=languages:rust")).toEqual([]);
    expect(await ids("tag=intent:bug_fix&page_size=1&page=2")).toEqual([]);
    // Another workspace's tagged sessions never show.
    expect((await list("?tag=intent:bug_fix")).items).toEqual([]);
  });

  it.each([
    ["tag=", "tag"],
    ["tag=:bug_fix", "tag"],
    ["tag=intent:", "tag"],
    ["tag=in%20tent:x", "tag"],
    ["tag=intent:a%0Ab", "tag"],
    [`tag=${"k".repeat(65)}:x`, "tag"],
    [`tag=intent:${"v".repeat(201)}`, "tag"],
  ])("answers 400 with a clear message for %s", async (query, path) => {
    const response = await client.get(`/api/v1/conversations?${query}`, { bearer: taggedWorkspaceToken });
    expect(response.status).toBe(400);
    const answer = await body<{ error: string; details: { path: string; message: string }[] }>(response);
    expect(answer.error).toBe("invalid_query");
    expect(answer.details[0]?.path).toContain(path);
    expect(answer.details[0]?.message).toMatch(/tag (key|value)/);
  });
});

describe("GET /api/v1/conversations/{id}", () => {
  it("answers the item fields plus extra data, epochs, files touched and children", async () => {
    const response = await client.get(`/api/v1/conversations/${rows.parent}`, { bearer: token });
    expect(response.status).toBe(200);
    const detail = conversationDetailSchema.parse(await response.json());
    expect(detail).toMatchObject({
      id: rows.parent,
      total_tokens: 1540,
      files_count: 2,
      parent_conversation_id: null,
      extra_data: { slug: "quiet-river", git_branch: "main", working_directory: "/home/ada/app" },
    });
    expect(detail.epochs.map((e) => [e.epoch_number, e.start_sequence, e.trigger, e.pre_tokens])).toEqual([
      [1, 1, null, null],
      [2, 40, "auto", 150000],
    ]);
    expect(
      detail.files_touched.map((f) => [f.file_path, f.change_type, f.lines_added, f.lines_deleted]),
    ).toEqual([
      ["src/a.ts", "read", 0, 0],
      ["src/a.ts", "edit", 4, 1],
      ["src/b.ts", "create", 10, 0],
    ]);
    expect(detail.children.map((child) => child.id)).toEqual([rows.child2, rows.child1]);
  });

  it("shows a sub-agent with its parent and its own children", async () => {
    const detail = conversationDetailSchema.parse(
      await (await client.get(`/api/v1/conversations/${rows.child1}`, { bearer: token })).json(),
    );
    expect(detail).toMatchObject({ parent_conversation_id: rows.parent, conversation_type: "agent" });
    expect(detail.children.map((child) => child.id)).toEqual([rows.grandchild]);
  });

  it("answers 404 for an unknown id", async () => {
    const response = await client.get("/api/v1/conversations/00000000-0000-4000-8000-000000000000", {
      bearer: token,
    });
    expect(response.status).toBe(404);
    expect(await body(response)).toMatchObject({ error: "not_found" });
  });
});

describe("an unknown /api/v1 path", () => {
  it("answers the API's JSON 404", async () => {
    for (const method of ["GET", "POST"]) {
      const response = await client.call(method, "/api/v1/no-such-thing/42", { bearer: token });
      expect(response.status).toBe(404);
      expect(await body(response)).toMatchObject({ error: "not_found" });
    }
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("is OpenAPI 3.1 generated from the handlers' schemas", async () => {
    const response = await new TestClient(web.url).get("/api/v1/openapi.json");
    expect(response.status).toBe(200);
    const document = await body<{
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { name: string; in: string; schema: { maximum?: number } }[];
            responses: Record<string, unknown>;
          }
        >
      >;
    }>(response);
    expect(document.openapi).toBe("3.1.0");
    for (const path of [
      "/conversations",
      "/conversations/{id}",
      "/members/{userId}",
      "/invites",
      "/api-tokens/{id}",
      "/auth/sign-in",
    ]) {
      expect(document.paths).toHaveProperty([path]);
    }
    const listParameters = document.paths["/conversations"]?.get?.parameters ?? [];
    expect(listParameters.map((p) => p.name).sort()).toEqual(
      Object.keys(conversationListQuerySchema.shape).sort(),
    );
    expect(listParameters.find((p) => p.name === "page_size")?.schema.maximum).toBe(100);
    expect(document.paths["/conversations/{id}"]?.get?.responses).toHaveProperty(["200"]);
  });
});
