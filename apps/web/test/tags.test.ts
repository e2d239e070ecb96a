// PATCH /api/v1/conversations/{id}/tags (a human edit, kept by the tagger: _meta.source human) and
// POST /api/v1/conversations/{id}/retag (a tag-conversation job, reason manual): who may, the shapes, 400 and 404.
import { once } from "node:events";

import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createRedisConnection, openQueue, QUEUE_NAMES, tagConversationJobSchema } from "@catsyphon/queue";
import { createWorkspaceApiToken } from "@catsyphon/accounts";
import { type PrismaClient } from "@catsyphon/db";
import { startWebProcess, type WebProcess } from "@catsyphon/testing";

import { conversationTagsSchema, retagAcceptedSchema } from "../src/features/tags/schemas";
import { body, TestClient } from "./support/client";
import { conversation, PASSWORD, testPrisma, workspaceWithMembers } from "./support/fixtures";

let web: WebProcess;
let prisma: PrismaClient;
let a: Awaited<ReturnType<typeof workspaceWithMembers>>;
let aConversation = "";
let bConversation = "";

async function signedIn(email: string): Promise<TestClient> {
  const client = new TestClient(web.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(200);
  return client;
}

const patch = (client: TestClient, id: string, json: unknown) =>
  client.call("PATCH", `/api/v1/conversations/${id}/tags`, { json });

beforeAll(async () => {
  web = await startWebProcess({ label: "web-tags" });
  prisma = testPrisma(web.database.url);
  a = await workspaceWithMembers(prisma, "Tags A");
  const b = await workspaceWithMembers(prisma, "Tags B");
  aConversation = (await conversation(prisma, { workspaceId: a.workspace.id })).id;
  bConversation = (await conversation(prisma, { workspaceId: b.workspace.id })).id;
  await prisma.conversation.update({
    where: { id: aConversation },
    data: {
      tags: {
        intent: "bug_fix",
        summary: "Fixed it.",
        tools_used: { Bash: 2 },
        _meta: {
          rules_version: 1,
          prompt_version: 1,
          source: { intent: "llm", summary: "llm", tools_used: "rule" },
        },
      },
    },
  });
}, 600_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await web?.stop();
});

describe("PATCH /api/v1/conversations/{id}/tags", () => {
  it("sets the fields given and marks them human; null hands a field back to the tagger", async () => {
    const member = await signedIn(a.users.member.email);
    const response = await patch(member, aConversation, { intent: "refactor", features: ["rename config"] });
    expect(response.status).toBe(200);
    const edited = conversationTagsSchema.parse(await body(response));
    expect(edited.tags).toMatchObject({
      intent: "refactor",
      features: ["rename config"],
      summary: "Fixed it.",
      tools_used: { Bash: 2 },
    });
    expect(edited.tags._meta?.source).toEqual({
      intent: "human",
      features: "human",
      summary: "llm",
      tools_used: "rule",
    });
    expect(edited.tags._meta).toMatchObject({ rules_version: 1, prompt_version: 1 });

    const cleared = conversationTagsSchema.parse(
      await body(await patch(member, aConversation, { features: null })),
    );
    expect(cleared.tags).not.toHaveProperty("features");
    expect(cleared.tags._meta?.source).not.toHaveProperty("features");
    const stored = await prisma.conversation.findUniqueOrThrow({ where: { id: aConversation } });
    expect(stored.tags).toMatchObject({ intent: "refactor", _meta: { source: { intent: "human" } } });
  });

  it("answers 400 for an unknown field, a value out of range or an empty edit", async () => {
    const member = await signedIn(a.users.member.email);
    for (const edit of [
      { mood: "great" },
      { sentiment_score: 3 },
      { intent: "party" },
      {},
      { features: ["a", "b", "c", "d", "e", "f"] },
    ]) {
      const response = await patch(member, aConversation, edit);
      expect([JSON.stringify(edit), response.status]).toEqual([JSON.stringify(edit), 400]);
      expect(await body(response)).toMatchObject({ error: "invalid_body" });
    }
  });

  it("is refused to viewers and read tokens (403), and another workspace's id is a 404", async () => {
    const viewer = await signedIn(a.users.viewer.email);
    expect((await patch(viewer, aConversation, { intent: "other" })).status).toBe(403);
    const { token } = await createWorkspaceApiToken(prisma, {
      workspaceId: a.workspace.id,
      name: "reader",
      scopes: ["read"],
      expiresAt: null,
    });
    const reader = new TestClient(web.url);
    expect(
      (
        await reader.call("PATCH", `/api/v1/conversations/${aConversation}/tags`, {
          json: { intent: "other" },
          bearer: token,
        })
      ).status,
    ).toBe(403);
    const admin = await signedIn(a.users.admin.email);
    expect((await patch(admin, bConversation, { intent: "other" })).status).toBe(404);
    expect((await patch(admin, "not-a-uuid", { intent: "other" })).status).toBe(404);
  });
});

describe("POST /api/v1/conversations/{id}/retag", () => {
  it("enqueues a tag-conversation job with reason manual", async () => {
    const member = await signedIn(a.users.member.email);
    const response = await member.post(`/api/v1/conversations/${aConversation}/retag`);
    expect(response.status).toBe(202);
    const accepted = retagAcceptedSchema.parse(await body(response));
    expect(accepted).toMatchObject({ conversation_id: aConversation, status: "queued" });
    const connection = createRedisConnection(web.redis.url, "producer");
    if (connection.status !== "ready") await once(connection, "ready");
    const queue = openQueue(QUEUE_NAMES.tagging, connection, web.redis.prefix);
    try {
      const job = await queue.getJob(accepted.job_id);
      expect(job?.name).toBe("tag-conversation");
      expect(tagConversationJobSchema.parse(job?.data)).toMatchObject({
        workspace_id: a.workspace.id,
        conversation_id: aConversation,
        reason: "manual",
      });
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });

  it("is refused to viewers (403) and 404 for another workspace's conversation", async () => {
    const viewer = await signedIn(a.users.viewer.email);
    expect((await viewer.post(`/api/v1/conversations/${aConversation}/retag`)).status).toBe(403);
    const owner = await signedIn(a.users.owner.email);
    expect((await owner.post(`/api/v1/conversations/${bConversation}/retag`)).status).toBe(404);
  });

  it("is in the OpenAPI document", async () => {
    const document = await body<{ paths: Record<string, Record<string, unknown>> }>(
      await new TestClient(web.url).get("/api/v1/openapi.json"),
    );
    expect(document.paths["/conversations/{id}/tags"]).toHaveProperty("patch");
    expect(document.paths["/conversations/{id}/retag"]).toHaveProperty("post");
  });
});
