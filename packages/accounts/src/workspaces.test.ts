import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createPrismaClient, type PrismaClient } from "@catsyphon/db";
import { createTestDatabase, type TestDatabase } from "@catsyphon/testing";
import { DEFAULT_WORKSPACE_SLUG, ensureDefaultWorkspace } from "./workspaces";

describe("ensureDefaultWorkspace", () => {
  let database: TestDatabase;
  const clients: PrismaClient[] = [];
  beforeAll(async () => {
    database = await createTestDatabase("default-workspace");
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.$disconnect()));
    await database.drop();
  });

  // The ingest API and the web app both ensure it at start; on a fresh database (compose, after migrate) they
  // start at the same moment, and neither may fail because the other created it first.
  it("creates one workspace when several processes ensure it at once", async () => {
    for (let i = 0; i < 6; i += 1)
      clients.push(createPrismaClient({ databaseUrl: database.url, poolSize: 1 }));
    await Promise.all(clients.map((client) => client.$queryRaw`SELECT 1`));
    const ids = await Promise.all(clients.map((client) => ensureDefaultWorkspace(client)));
    expect(new Set(ids).size).toBe(1);
    const rows = await clients[0]!.workspace.findMany({ where: { slug: DEFAULT_WORKSPACE_SLUG } });
    expect(rows.map((row) => row.id)).toEqual([ids[0]]);
  });

  it("returns the existing workspace's id on later calls", async () => {
    const first = await ensureDefaultWorkspace(clients[0]!);
    await expect(ensureDefaultWorkspace(clients[1]!)).resolves.toBe(first);
  });
});
