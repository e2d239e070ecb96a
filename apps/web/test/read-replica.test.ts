// DATABASE_READ_URL: the archive's reads go to the replica, everything else to the primary. The "replica" here is
// a copy of the primary taken after the fixtures were written, reached through a role whose transactions are
// read-only: a conversation only the copy has shows that reads come from it; a tag edit succeeds (so it did not go
// to the read-only copy), answers with the edit (from the primary) and is absent from the copy.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type PrismaClient } from "@catsyphon/db";
import {
  createTestDatabase,
  startWebProcess,
  testEnv,
  type TestDatabase,
  type WebProcess,
} from "@catsyphon/testing";
import { Client } from "pg";

import { body, TestClient } from "./support/client";
import { conversation, PASSWORD, testPrisma, workspaceWithMembers } from "./support/fixtures";

const suffix = randomBytes(4).toString("hex");
const replicaName = `catsyphon_test_replica_${suffix}`;
const readRole = `catsyphon_test_reader_${suffix}`;

let primary: TestDatabase;
let web: WebProcess;
let fixtures: Awaited<ReturnType<typeof workspaceWithMembers>>;
let shared = "";
let replicaOnly = "";

function urlFor(database: string, user?: string): string {
  const url = new URL(testEnv.TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  if (user) url.username = user;
  return url.toString();
}

async function run(url: string, ...statements: string[]): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  primary = await createTestDatabase("web-read-replica");
  let prisma: PrismaClient = testPrisma(primary.url);
  fixtures = await workspaceWithMembers(prisma, "Replica");
  shared = (await conversation(prisma, { workspaceId: fixtures.workspace.id, tags: { intent: "bug_fix" } }))
    .id;
  await prisma.$disconnect();

  // The copy, and a role that can only read it (as a streaming replica would let it).
  await run(
    testEnv.TEST_DATABASE_URL,
    `CREATE DATABASE "${replicaName}" TEMPLATE "${primary.name}"`,
    `CREATE ROLE "${readRole}" LOGIN`,
    `ALTER ROLE "${readRole}" SET default_transaction_read_only = on`,
    `GRANT CONNECT ON DATABASE "${replicaName}" TO "${readRole}"`,
  );
  await run(
    urlFor(replicaName),
    `GRANT USAGE ON SCHEMA public TO "${readRole}"`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA public TO "${readRole}"`,
  );
  prisma = testPrisma(urlFor(replicaName));
  replicaOnly = (await conversation(prisma, { workspaceId: fixtures.workspace.id })).id;
  await prisma.$disconnect();

  web = await startWebProcess({
    label: "web-read-replica",
    database: primary,
    env: { DATABASE_READ_URL: urlFor(replicaName, readRole) },
  });
}, 600_000);

afterAll(async () => {
  await web?.stop();
  await primary?.drop();
  await run(
    testEnv.TEST_DATABASE_URL,
    `DROP DATABASE IF EXISTS "${replicaName}" WITH (FORCE)`,
    `DROP ROLE IF EXISTS "${readRole}"`,
  );
});

async function signedIn(): Promise<TestClient> {
  const client = new TestClient(web.url);
  // Sign-in writes a session row: it works only because it goes to the primary.
  expect((await client.signIn(fixtures.users.member.email, PASSWORD)).status).toBe(200);
  return client;
}

describe("DATABASE_READ_URL", () => {
  it("is a role that cannot write, so a write sent there would fail", async () => {
    await expect(
      run(urlFor(replicaName, readRole), "UPDATE conversations SET tags = '{}'::jsonb"),
    ).rejects.toThrow(/read-only transaction/);
  });

  it("serves the archive's GETs and pages from the replica", async () => {
    const client = await signedIn();
    const list = await client.get("/api/v1/conversations");
    expect(list.status).toBe(200);
    const ids = (await body<{ items: { id: string }[] }>(list)).items.map((item) => item.id);
    expect(ids.sort()).toEqual([shared, replicaOnly].sort());

    expect((await client.get(`/api/v1/conversations/${replicaOnly}`)).status).toBe(200);
    const page = await client.get(`/conversations/${replicaOnly}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(replicaOnly);
    expect((await client.get("/ready")).status).toBe(200);
  });

  it("writes a tag edit to the primary and answers it from there; the replica has not seen it", async () => {
    const client = await signedIn();
    const edit = await client.call("PATCH", `/api/v1/conversations/${shared}/tags`, {
      json: { intent: "refactor" },
    });
    expect(edit.status).toBe(200);
    expect((await body<{ tags: { intent?: string } }>(edit)).tags.intent).toBe("refactor");

    const fromReplica = await client.get(`/api/v1/conversations/${shared}`);
    expect(fromReplica.status).toBe(200);
    expect((await body<{ tags: { intent?: string } }>(fromReplica)).tags.intent).toBe("bug_fix");
  });
});
