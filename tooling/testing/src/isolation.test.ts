import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Redis } from "ioredis";
import { Client } from "pg";
import { createTestDatabase, type TestDatabase } from "./test-database";
import { createTestRedis } from "./test-redis";

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("per-test-file databases", () => {
  let first: TestDatabase;
  let second: TestDatabase;

  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase("iso a"), createTestDatabase("iso b")]);
  });

  afterAll(async () => {
    await Promise.all([first.drop(), second.drop()]);
  });

  it("clones a fully migrated database", async () => {
    const tables = await query<{ tablename: string }>(
      first.url,
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(["conversations", "messages"]));
    const migrations = await query<{ finished: boolean }>(
      first.url,
      "SELECT finished_at IS NOT NULL AS finished FROM _prisma_migrations",
    );
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.every((m) => m.finished)).toBe(true);
  });

  it("keeps the databases apart", async () => {
    await query(
      first.url,
      "INSERT INTO workspaces (id, slug, name, updated_at) VALUES (gen_random_uuid(), 'a', 'A', now())",
    );
    const inSecond = await query<{ n: string }>(second.url, "SELECT count(*) AS n FROM workspaces");
    expect(first.name).not.toEqual(second.name);
    expect(Number(inSecond[0]?.n)).toBe(0);
  });

  it("drops the database", async () => {
    const extra = await createTestDatabase("dropped");
    await extra.drop();
    const admin = new URL(extra.url);
    admin.pathname = "/postgres";
    const found = await query(admin.toString(), `SELECT 1 FROM pg_database WHERE datname = '${extra.name}'`);
    expect(found).toHaveLength(0);
  });
});

describe("per-test-file Redis prefixes", () => {
  it("gives distinct prefixes and cleans up only its own keys", async () => {
    const mine = createTestRedis("mine");
    const theirs = createTestRedis("theirs");
    expect(mine.prefix).not.toEqual(theirs.prefix);
    const redis = new Redis(mine.url);
    try {
      await redis.set(`${mine.prefix}:a`, "1");
      await redis.set(`${mine.prefix}:b`, "2");
      await redis.set(`${theirs.prefix}:a`, "3");
      await mine.cleanup();
      expect(await redis.exists(`${mine.prefix}:a`, `${mine.prefix}:b`)).toBe(0);
      expect(await redis.get(`${theirs.prefix}:a`)).toBe("3");
      await theirs.cleanup();
    } finally {
      redis.disconnect();
    }
  });
});
