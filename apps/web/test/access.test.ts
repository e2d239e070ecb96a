// Roles, API token scopes, the workspace switcher, and the cross-workspace walk: every route built so far, called by
// each role of one workspace, by its API tokens, and with the ids of another workspace (404, never 403).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createUser, createWorkspaceApiToken } from "@catsyphon/accounts";
import { type MembershipRole, type PrismaClient } from "@catsyphon/db";
import { startWebProcess, type WebProcess } from "@catsyphon/testing";
import { body, type CallOptions, TestClient } from "./support/client";
import { conversation, PASSWORD, testPrisma, workspaceWithMembers } from "./support/fixtures";

let web: WebProcess;
let prisma: PrismaClient;
type Team = Awaited<ReturnType<typeof workspaceWithMembers>>;
let a: Team;
let b: Team;
const ids = { aConversation: "", bConversation: "", bInvite: "", bToken: "", bCollector: "" };

async function signedIn(email: string): Promise<TestClient> {
  const client = new TestClient(web.url);
  const response = await client.signIn(email, PASSWORD);
  expect(response.status).toBe(200);
  return client;
}

async function extraMember(team: Team, label: string, role: MembershipRole) {
  const email = `${label}-${Math.random().toString(36).slice(2, 8)}@${team.workspace.slug}.example`;
  const created = await createUser(prisma, {
    email,
    password: PASSWORD,
    workspaceSlug: team.workspace.slug,
    role,
  });
  return created.userId;
}

async function collector(team: Team, hostname: string) {
  return prisma.collectorConfig.create({
    data: {
      workspaceId: team.workspace.id,
      collectorType: "watcher",
      collectorVersion: "1.0.0",
      hostname,
      apiKeyHash: `hash-${hostname}`,
      apiKeyPrefix: `cs_test_${hostname.slice(0, 4)}`,
    },
    select: { id: true },
  });
}

async function invite(team: Team, email: string) {
  return prisma.invitation.create({
    data: {
      workspaceId: team.workspace.id,
      email,
      role: "viewer",
      tokenHash: `hash-${email}`,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
    select: { id: true },
  });
}

beforeAll(async () => {
  web = await startWebProcess({ label: "web-access" });
  prisma = testPrisma(web.database.url);
  a = await workspaceWithMembers(prisma, "Team A");
  b = await workspaceWithMembers(prisma, "Team B");
  ids.aConversation = (await conversation(prisma, { workspaceId: a.workspace.id })).id;
  ids.bConversation = (await conversation(prisma, { workspaceId: b.workspace.id })).id;
  ids.bInvite = (await invite(b, "someone@b.example")).id;
  ids.bCollector = (await collector(b, "b-laptop")).id;
  ids.bToken = (
    await createWorkspaceApiToken(prisma, {
      workspaceId: b.workspace.id,
      name: "b token",
      scopes: ["read"],
      expiresAt: null,
    })
  ).id;
});

afterAll(async () => {
  await prisma?.$disconnect();
  await web?.stop();
});

describe("each role", () => {
  const roles = ["owner", "admin", "member", "viewer"] as const;
  const managers: readonly MembershipRole[] = ["owner", "admin"];

  it.each(roles)("%s reads conversations, one conversation, members and itself", async (role) => {
    const client = await signedIn(a.users[role].email);
    for (const path of [
      "/api/v1/me",
      "/api/v1/conversations",
      `/api/v1/conversations/${ids.aConversation}`,
      "/api/v1/members",
      "/api/v1/collectors",
    ]) {
      const response = await client.get(path);
      expect([path, response.status]).toEqual([path, 200]);
    }
    expect(await body(await client.get("/api/v1/me"))).toMatchObject({
      role,
      workspace: { id: a.workspace.id },
    });
  });

  it.each(roles)(
    "%s may manage invites, tokens, collectors and members only when owner or admin",
    async (role) => {
      const client = await signedIn(a.users[role].email);
      const allowed = managers.includes(role);
      const target = await extraMember(a, `target-${role}`, "viewer");
      const pending = await invite(a, `invitee-${role}@a.example`);
      const token = await createWorkspaceApiToken(prisma, {
        workspaceId: a.workspace.id,
        name: `victim-${role}`,
        scopes: ["read"],
        expiresAt: null,
      });
      const laptop = await collector(a, `a-${role}-host`);
      const calls: [string, string, CallOptions, number][] = [
        ["DELETE", `/api/v1/collectors/${laptop.id}`, {}, 200],
        ["GET", "/api/v1/invites", {}, 200],
        ["POST", "/api/v1/invites", { json: { email: `new-${role}@a.example`, role: "member" } }, 201],
        ["DELETE", `/api/v1/invites/${pending.id}`, {}, 200],
        ["GET", "/api/v1/api-tokens", {}, 200],
        ["POST", "/api/v1/api-tokens", { json: { name: `made by ${role}`, scopes: ["read"] } }, 201],
        ["DELETE", `/api/v1/api-tokens/${token.id}`, {}, 200],
        ["PATCH", `/api/v1/members/${target}`, { json: { role: "member" } }, 200],
        ["DELETE", `/api/v1/members/${target}`, {}, 204],
      ];
      for (const [method, path, options, status] of calls) {
        const response = await client.call(method, path, options);
        expect([method, path, response.status]).toEqual([method, path, allowed ? status : 403]);
        if (!allowed) expect(await body(response)).toMatchObject({ error: "forbidden" });
      }
      // What was refused left the rows as they were.
      const membership = await prisma.membership.findFirst({
        where: { workspaceId: a.workspace.id, userId: target },
      });
      const tokenRow = await prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } });
      const collectorRow = await prisma.collectorConfig.findUniqueOrThrow({ where: { id: laptop.id } });
      expect(collectorRow.revokedAt !== null).toBe(allowed);
      if (allowed) {
        expect(membership).toBeNull();
        expect(tokenRow.revokedAt).not.toBeNull();
      } else {
        expect(membership?.role).toBe("viewer");
        expect(tokenRow.revokedAt).toBeNull();
        expect(await prisma.apiToken.count({ where: { name: `made by ${role}` } })).toBe(0);
      }
    },
  );

  it("an admin cannot make, change or remove admins and owners; an owner can", async () => {
    const admin = await signedIn(a.users.admin.email);
    const otherAdmin = await extraMember(a, "other-admin", "admin");
    const viewer = await extraMember(a, "to-promote", "viewer");
    expect((await admin.call("PATCH", `/api/v1/members/${viewer}`, { json: { role: "admin" } })).status).toBe(
      403,
    );
    expect(
      (await admin.call("PATCH", `/api/v1/members/${otherAdmin}`, { json: { role: "viewer" } })).status,
    ).toBe(403);
    expect((await admin.call("DELETE", `/api/v1/members/${a.users.owner.id}`)).status).toBe(403);
    expect(
      (await admin.post("/api/v1/invites", { json: { email: "boss@a.example", role: "admin" } })).status,
    ).toBe(403);

    const owner = await signedIn(a.users.owner.email);
    const promoted = await owner.call("PATCH", `/api/v1/members/${viewer}`, { json: { role: "admin" } });
    expect(promoted.status).toBe(200);
    expect(await body(promoted)).toMatchObject({ user_id: viewer, role: "admin" });
    expect(
      (await owner.post("/api/v1/invites", { json: { email: "boss@a.example", role: "admin" } })).status,
    ).toBe(201);
    expect((await owner.call("DELETE", `/api/v1/members/${otherAdmin}`)).status).toBe(204);
  });

  it("the last owner can be neither demoted nor removed", async () => {
    const owner = await signedIn(a.users.owner.email);
    const demote = await owner.call("PATCH", `/api/v1/members/${a.users.owner.id}`, {
      json: { role: "admin" },
    });
    expect(demote.status).toBe(409);
    expect((await owner.call("DELETE", `/api/v1/members/${a.users.owner.id}`)).status).toBe(409);
    expect((await prisma.membership.findFirstOrThrow({ where: { userId: a.users.owner.id } })).role).toBe(
      "owner",
    );
  });
});

describe("another workspace's ids", () => {
  const walk = async (client: TestClient, auth: CallOptions) => {
    const calls: [string, string, CallOptions][] = [
      ["GET", `/api/v1/conversations/${ids.bConversation}`, {}],
      ["PATCH", `/api/v1/members/${b.users.viewer.id}`, { json: { role: "member" } }],
      ["DELETE", `/api/v1/members/${b.users.viewer.id}`, {}],
      ["DELETE", `/api/v1/invites/${ids.bInvite}`, {}],
      ["DELETE", `/api/v1/api-tokens/${ids.bToken}`, {}],
      ["DELETE", `/api/v1/collectors/${ids.bCollector}`, {}],
      // Malformed ids look the same as unknown ones.
      ["GET", "/api/v1/conversations/not-a-uuid", {}],
      ["DELETE", "/api/v1/api-tokens/not-a-uuid", {}],
    ];
    for (const [method, path, options] of calls) {
      const response = await client.call(method, path, { ...options, ...auth });
      expect([method, path, response.status]).toEqual([method, path, 404]);
      expect(await body(response)).toMatchObject({ error: "not_found" });
    }
    const lists = await Promise.all(
      [
        "/api/v1/conversations",
        "/api/v1/members",
        "/api/v1/invites",
        "/api/v1/api-tokens",
        "/api/v1/collectors",
      ].map(async (path) => JSON.stringify(await body(await client.get(path, auth)))),
    );
    for (const text of lists) {
      for (const foreign of [
        ids.bConversation,
        ids.bInvite,
        ids.bToken,
        ids.bCollector,
        b.users.viewer.id,
        b.workspace.slug,
      ]) {
        expect(text).not.toContain(foreign);
      }
    }
  };

  it("answer 404 to the owner of workspace A on every route, and change nothing in B", async () => {
    await walk(await signedIn(a.users.owner.email), {});
    expect((await prisma.membership.findFirstOrThrow({ where: { userId: b.users.viewer.id } })).role).toBe(
      "viewer",
    );
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: ids.bInvite } })).revokedAt).toBeNull();
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: ids.bToken } })).revokedAt).toBeNull();
    expect(
      (await prisma.collectorConfig.findUniqueOrThrow({ where: { id: ids.bCollector } })).revokedAt,
    ).toBeNull();
  });

  it("answer 404 to an admin API token of workspace A", async () => {
    const { token } = await createWorkspaceApiToken(prisma, {
      workspaceId: a.workspace.id,
      name: "a admin",
      scopes: ["admin"],
      expiresAt: null,
    });
    await walk(new TestClient(web.url), { bearer: token });
  });

  it("cannot be switched to by someone who is not a member", async () => {
    const client = await signedIn(a.users.owner.email);
    const response = await client.call("PUT", "/api/v1/workspaces/current", {
      json: { workspace_id: b.workspace.id },
    });
    expect(response.status).toBe(404);
    // A forged workspace cookie falls back to the user's own workspace.
    client.cookies.set("catsyphon_workspace", b.workspace.id);
    expect(await body(await client.get("/api/v1/me"))).toMatchObject({ workspace: { id: a.workspace.id } });
    const list = await body<{ items: { id: string }[] }>(await client.get("/api/v1/conversations"));
    expect(list.items.map((item) => item.id)).toEqual([ids.aConversation]);
  });
});

describe("API tokens", () => {
  it("a read token reads but manages nothing; an admin token manages without a cookie or Origin", async () => {
    const read = await createWorkspaceApiToken(prisma, {
      workspaceId: a.workspace.id,
      name: "r",
      scopes: ["read"],
      expiresAt: null,
    });
    const admin = await createWorkspaceApiToken(prisma, {
      workspaceId: a.workspace.id,
      name: "w",
      scopes: ["admin"],
      expiresAt: null,
    });
    const client = new TestClient(web.url);
    const list = await client.get("/api/v1/conversations", { bearer: read.token });
    expect(list.status).toBe(200);
    expect(await body(list)).toMatchObject({ total: 1 });
    expect(await body(await client.get("/api/v1/me", { bearer: read.token }))).toMatchObject({
      principal: { kind: "api_token", token_id: read.id, scopes: ["read"] },
      workspace: { id: a.workspace.id },
      role: null,
    });
    expect((await client.get("/api/v1/api-tokens", { bearer: read.token })).status).toBe(403);
    const refused = await client.post("/api/v1/api-tokens", {
      bearer: read.token,
      origin: null,
      json: { name: "x" },
    });
    expect(refused.status).toBe(403);

    expect((await client.get("/api/v1/api-tokens", { bearer: admin.token })).status).toBe(200);
    const made = await client.post("/api/v1/api-tokens", {
      bearer: admin.token,
      origin: "https://ci.example",
      json: { name: "from ci", scopes: ["read"], expires_in_days: 30 },
    });
    expect(made.status).toBe(201);
    const created = await body<{ token: string; token_prefix: string; state: string }>(made);
    expect(created.token).toMatch(/^csa_[A-Za-z0-9]{40}$/);
    expect(created.token.startsWith(created.token_prefix)).toBe(true);
    expect((await client.get("/api/v1/conversations", { bearer: created.token })).status).toBe(200);
    // The token row holds no plaintext; last use is stamped.
    expect(await prisma.apiToken.count({ where: { tokenHash: created.token } })).toBe(0);
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: read.id } })).lastUsedAt).not.toBeNull();
  });

  it("revoked, expired, unknown and malformed tokens get 401; tokens do not reach user-only routes", async () => {
    const revoked = await createWorkspaceApiToken(prisma, {
      workspaceId: a.workspace.id,
      name: "old",
      scopes: ["read"],
      expiresAt: null,
    });
    await prisma.apiToken.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
    const expired = await createWorkspaceApiToken(prisma, {
      workspaceId: a.workspace.id,
      name: "expired",
      scopes: ["read"],
      expiresAt: new Date(Date.now() - 1000),
    });
    const client = new TestClient(web.url);
    for (const bearer of [revoked.token, expired.token, `csa_${"x".repeat(40)}`, "cs_live_notatoken"]) {
      const response = await client.get("/api/v1/conversations", { bearer });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    const good = await createWorkspaceApiToken(prisma, {
      workspaceId: a.workspace.id,
      name: "good",
      scopes: ["admin"],
      expiresAt: null,
    });
    expect((await client.get("/api/v1/workspaces", { bearer: good.token })).status).toBe(401);
  });
});

describe("the workspace switcher", () => {
  it("lists the user's workspaces and scopes every read to the one chosen", async () => {
    const email = "consultant@example.com";
    await createUser(prisma, { email, password: PASSWORD, workspaceSlug: a.workspace.slug, role: "member" });
    await createUser(prisma, { email, password: PASSWORD, workspaceSlug: b.workspace.slug, role: "viewer" });
    const client = await signedIn(email);
    const mine = await body<{ items: { id: string; role: string; current: boolean }[] }>(
      await client.get("/api/v1/workspaces"),
    );
    expect(mine.items.map(({ id, role, current }) => ({ id, role, current }))).toEqual([
      { id: a.workspace.id, role: "member", current: true },
      { id: b.workspace.id, role: "viewer", current: false },
    ]);
    const ids0 = (
      await body<{ items: { id: string }[] }>(await client.get("/api/v1/conversations"))
    ).items.map((i) => i.id);
    expect(ids0).toEqual([ids.aConversation]);

    const switched = await client.call("PUT", "/api/v1/workspaces/current", {
      json: { workspace_id: b.workspace.id },
    });
    expect(switched.status).toBe(200);
    expect(await body(await client.get("/api/v1/me"))).toMatchObject({
      role: "viewer",
      workspace: { id: b.workspace.id },
    });
    const ids1 = (
      await body<{ items: { id: string }[] }>(await client.get("/api/v1/conversations"))
    ).items.map((i) => i.id);
    expect(ids1).toEqual([ids.bConversation]);
    expect((await client.get(`/api/v1/conversations/${ids.aConversation}`)).status).toBe(404);
    // Now a viewer: managing is refused in B.
    expect((await client.get("/api/v1/api-tokens")).status).toBe(403);
  });
});
