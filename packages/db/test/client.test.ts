import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createTestDatabase, type TestDatabase } from "@catsyphon/testing";
import { createPrismaClient, Prisma, type PrismaClient } from "../src";

describe("createPrismaClient", () => {
  let database: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    database = await createTestDatabase("client");
    prisma = createPrismaClient({
      databaseUrl: database.url,
      poolSize: 2,
      applicationName: "catsyphon-test",
    });
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await database.drop();
  });

  it("reads and writes through the pg driver adapter", async () => {
    const workspace = await prisma.workspace.create({ data: { slug: "default", name: "Default" } });
    const conversation = await prisma.conversation.create({
      data: {
        id: "6f1c2f1e-8a51-5b6e-9a0b-6d1f3c0e2a10",
        workspaceId: workspace.id,
        collectorSessionId: "session-1",
        agentType: "claude_code",
        extraData: { slug: "a-slug" },
      },
    });
    expect(conversation.status).toBe("active");
    expect(conversation.lastEventSequence).toBe(0);
    expect(conversation.extraData).toEqual({ slug: "a-slug" });
    const [activity] = await prisma.$queryRaw<{ application_name: string }[]>`
      SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()`;
    expect(activity?.application_name).toBe("catsyphon-test");
  });

  it("rejects a second conversation with the same workspace and collector session id", async () => {
    const workspace = await prisma.workspace.findUniqueOrThrow({ where: { slug: "default" } });
    const attempt = prisma.conversation.create({
      data: {
        id: "0c0a5a38-0e0f-5d5c-8b8a-2f9e1d7c6b5a",
        workspaceId: workspace.id,
        collectorSessionId: "session-1",
        agentType: "claude_code",
      },
    });
    await expect(attempt).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    await expect(attempt).rejects.toMatchObject({ code: "P2002" });
  });
});
