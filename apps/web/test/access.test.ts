// Who may call what. The route walk: every /api/v1 handler and every dashboard page (enumerated from the file
// system and compared with the table in support/route-table.ts) called with no credentials, by each role and API
// token scope of workspace A (allowed or 403 exactly as src/server/roles.ts says), with workspace B's ids (404),
// and with a foreign Origin (the CSRF refusal). Then the rules the table cannot say: admins and owners, the last
// owner, API tokens, the workspace switcher.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createUser, createWorkspaceApiToken } from "@catsyphon/accounts";
import { type MembershipRole, type PrismaClient } from "@catsyphon/db";
import { startWebProcess, type WebProcess } from "@catsyphon/testing";
import { type Permission, ROLE_PERMISSIONS, SCOPE_PERMISSIONS } from "../src/server/roles";
import { apiRouteHandlers, fillTemplate, pageUrls } from "./support/app-routes";
import { body, type CallOptions, TestClient } from "./support/client";
import { PASSWORD, testPrisma, workspaceWithMembers } from "./support/fixtures";
import {
  API_ROUTES,
  type ApiRoute,
  type Page,
  PAGES,
  type PreparedCall,
  routeKey,
} from "./support/route-table";
import { describeAnswer, describeExpected, sendCall } from "./support/walk-call";
import { footprint, type WorkspaceRows, workspaceRows } from "./support/workspace-rows";

let web: WebProcess;
let prisma: PrismaClient;
type Team = Awaited<ReturnType<typeof workspaceWithMembers>>;
let a: Team;
let b: Team;
let aRows: WorkspaceRows;
let bRows: WorkspaceRows;
const ids = { aConversation: "", bConversation: "" };

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

/** A caller of workspace A: a member's session or an API token. */
interface Caller {
  kind: "session" | "api_token";
  permissions: ReadonlySet<Permission>;
  client: TestClient;
  bearer?: string;
}
const CALLERS = ["owner", "admin", "member", "viewer", "read token", "admin token"] as const;
type CallerName = (typeof CALLERS)[number];
const callers = {} as Record<CallerName, Caller>;

beforeAll(async () => {
  web = await startWebProcess({ label: "web-access" });
  prisma = testPrisma(web.database.url);
  a = await workspaceWithMembers(prisma, "Team A");
  b = await workspaceWithMembers(prisma, "Team B");
  aRows = await workspaceRows(prisma, a.workspace);
  bRows = await workspaceRows(prisma, b.workspace);
  ids.aConversation = aRows.conversationId;
  ids.bConversation = bRows.conversationId;
  for (const role of ["owner", "admin", "member", "viewer"] as const) {
    callers[role] = {
      kind: "session",
      permissions: new Set(ROLE_PERMISSIONS[role]),
      client: await signedIn(a.users[role].email),
    };
  }
  for (const scope of ["read", "admin"] as const) {
    const { token } = await createWorkspaceApiToken(prisma, {
      workspaceId: a.workspace.id,
      name: `walk ${scope}`,
      scopes: [scope],
      expiresAt: null,
    });
    callers[`${scope} token`] = {
      kind: "api_token",
      permissions: new Set(SCOPE_PERMISSIONS[scope]),
      client: new TestClient(web.url),
      bearer: token,
    };
  }
});

afterAll(async () => {
  await prisma?.$disconnect();
  await web?.stop();
});

const isStateChanging = (route: ApiRoute) => !["GET", "HEAD", "OPTIONS"].includes(route.method);
const needsCredentials = (route: ApiRoute) => route.access.kind !== "public";

/** What a caller of workspace A gets from a route when it may make the call (ok) or not. */
function expectedStatus(route: ApiRoute, caller: Caller, ok: number): number {
  switch (route.access.kind) {
    case "workspace":
      return caller.permissions.has(route.access.permission) ? ok : 403;
    case "user":
      // Tokens are for scripts in one workspace; the user's own routes need the user.
      return caller.kind === "session" ? ok : 401;
    case "public":
      return ok;
  }
}

/** The call as this caller makes it: tokens send a foreign Origin, which bearer requests are not held to. */
function asCaller(caller: Caller): CallOptions & { client: TestClient } {
  return caller.bearer
    ? { client: caller.client, bearer: caller.bearer, origin: "https://ci.example" }
    : { client: caller.client };
}

describe("the route walk", () => {
  it("walks every route file's handlers and every page, and nothing else", () => {
    const walked = new Set(API_ROUTES.map(routeKey));
    const onDisk = new Set(apiRouteHandlers());
    expect({
      "handlers not in the walk's table (add them to test/support/route-table.ts)": [...onDisk]
        .filter((key) => !walked.has(key))
        .sort(),
      "table entries with no handler": [...walked].filter((key) => !onDisk.has(key)).sort(),
      "entries listed twice": API_ROUTES.length - walked.size,
    }).toEqual({
      "handlers not in the walk's table (add them to test/support/route-table.ts)": [],
      "table entries with no handler": [],
      "entries listed twice": 0,
    });
    const pages = new Set(PAGES.map((page) => page.path));
    const pagesOnDisk = new Set(pageUrls());
    expect({
      "pages not in the walk's table": [...pagesOnDisk].filter((page) => !pages.has(page)).sort(),
      "table pages with no page.tsx": [...pages].filter((page) => !pagesOnDisk.has(page)).sort(),
    }).toEqual({ "pages not in the walk's table": [], "table pages with no page.tsx": [] });
  });

  it("finds every route it walks in the OpenAPI document", async () => {
    const document = await body<{ paths: Record<string, Record<string, unknown>> }>(
      await new TestClient(web.url).get("/api/v1/openapi.json"),
    );
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} /api/v1${path}`),
      ),
    );
    const undocumented = API_ROUTES.filter(
      (route) => !["/api/v1/openapi.json", "/api/v1/{...path}"].includes(route.path),
    )
      .map(routeKey)
      .filter((key) => !documented.has(key));
    expect(undocumented).toEqual([]);
  });

  it("answers 401 to every route that needs credentials when there are none, and changes nothing", async () => {
    const calls = await Promise.all(
      API_ROUTES.map(async (route) => ({ route, call: await route.prepare(aRows) })),
    );
    const before = await footprint(prisma, a.workspace.id);
    const answered: string[] = [];
    const expected: string[] = [];
    for (const { route, call } of calls) {
      const status = needsCredentials(route) ? 401 : call.ok;
      const answer = await sendCall(web.url, route, call);
      answered.push(describeAnswer(route, answer, status, call.ok));
      expected.push(describeExpected(route, status, call.ok));
    }
    expect(answered).toEqual(expected);
    expect(await footprint(prisma, a.workspace.id)).toEqual(before);
  });

  it.each(CALLERS)(
    "gives the %s of workspace A exactly what roles.ts allows on every route",
    async (name) => {
      const caller = callers[name];
      const answered: string[] = [];
      const expected: string[] = [];
      for (const route of API_ROUTES.filter(needsCredentials)) {
        const call = await route.prepare(aRows);
        const status = expectedStatus(route, caller, call.ok);
        const before = await footprint(prisma, a.workspace.id);
        const answer = await sendCall(web.url, route, call, asCaller(caller));
        const refusedButChanged =
          status !== call.ok &&
          JSON.stringify(await footprint(prisma, a.workspace.id)) !== JSON.stringify(before);
        answered.push(
          describeAnswer(route, answer, status, call.ok) + (refusedButChanged ? " (changed rows)" : ""),
        );
        expected.push(describeExpected(route, status, call.ok));
      }
      expect(answered).toEqual(expected);
    },
  );

  it.each(CALLERS)(
    "answers 404 to the %s of workspace A for every id of workspace B (403 where the role lacks the permission)",
    async (name) => {
      const caller = callers[name];
      const answered: string[] = [];
      const expected: string[] = [];
      for (const route of API_ROUTES.filter((entry) => entry.owns)) {
        const foreign = await route.prepare(bRows);
        const malformed: PreparedCall = {
          ...foreign,
          params: Object.fromEntries(Object.keys(foreign.params ?? {}).map((key) => [key, "not-a-uuid"])),
        };
        for (const [label, call] of [
          ["B's id", foreign],
          ["a malformed id", malformed],
        ] as const) {
          const status = expectedStatus(route, caller, 404);
          const before = await footprint(prisma, b.workspace.id);
          const answer = await sendCall(web.url, route, call, asCaller(caller));
          const changed = JSON.stringify(await footprint(prisma, b.workspace.id)) !== JSON.stringify(before);
          answered.push(
            `${label}: ${describeAnswer(route, answer, status, -1)}${changed ? " (changed B)" : ""}`,
          );
          expected.push(`${label}: ${describeExpected(route, status, -1)}`);
        }
      }
      expect(answered).toEqual(expected);
    },
  );

  it("shows workspace A's callers none of B's rows in any list, even when asked for them by id", async () => {
    const foreignIds = [
      bRows.conversationId,
      bRows.projectId,
      bRows.developerId,
      b.workspace.id,
      b.workspace.slug,
      ...Object.values(b.users).map((user) => user.id),
      ...(await prisma.collectorConfig.findMany({ where: { workspaceId: b.workspace.id } })).map((r) => r.id),
      ...(await prisma.apiToken.findMany({ where: { workspaceId: b.workspace.id } })).map((r) => r.id),
      ...(await prisma.invitation.findMany({ where: { workspaceId: b.workspace.id } })).map((r) => r.id),
      ...(await prisma.ingestionJob.findMany({ where: { workspaceId: b.workspace.id } })).map((r) => r.id),
    ];
    const lists = API_ROUTES.filter(
      (route) =>
        route.method === "GET" &&
        route.access.kind === "workspace" &&
        !route.stream &&
        !route.path.includes("{"),
    );
    const byForeignId = [
      `/api/v1/conversations?project_id=${bRows.projectId}`,
      `/api/v1/conversations?developer_id=${bRows.developerId}`,
      `/api/v1/ingestion/jobs?conversation_id=${bRows.conversationId}`,
    ];
    for (const caller of [callers.owner, callers["admin token"]]) {
      for (const route of lists) {
        const call = await route.prepare(aRows);
        const url = fillTemplate(route.path) + (call.query ? `?${call.query}` : "");
        const response = await caller.client.get(url, { bearer: caller.bearer });
        const text = await response.text();
        expect([routeKey(route), response.status]).toEqual([routeKey(route), call.ok]);
        for (const id of foreignIds)
          expect([routeKey(route), text.includes(id)]).toEqual([routeKey(route), false]);
      }
      for (const url of byForeignId) {
        const list = await body<{ total: number }>(await caller.client.get(url, { bearer: caller.bearer }));
        expect([url, list.total]).toEqual([url, 0]);
      }
    }
  });

  it("refuses every state-changing request with a session cookie and a foreign or missing Origin", async () => {
    const owner = await signedIn(a.users.owner.email);
    const calls = [];
    for (const route of API_ROUTES.filter(isStateChanging)) {
      for (const origin of ["https://evil.example", null])
        calls.push({ route, origin, call: await route.prepare(aRows) });
    }
    const before = await footprint(prisma, a.workspace.id);
    const answered: string[] = [];
    const expected: string[] = [];
    for (const { route, origin, call } of calls) {
      const answer = await sendCall(web.url, route, call, { client: owner, origin });
      const csrf = /^Cross-site request refused/.test(answer.message ?? "") ? " csrf" : "";
      answered.push(`${origin ?? "no Origin"}: ${routeKey(route)} → ${answer.status}${csrf}`);
      // The catch-all answers 404 to anything: it reads and changes nothing.
      const refusal = route.path === "/api/v1/{...path}" ? "404" : "403 csrf";
      expected.push(`${origin ?? "no Origin"}: ${routeKey(route)} → ${refusal}`);
    }
    expect(answered).toEqual(expected);
    expect(await footprint(prisma, a.workspace.id)).toEqual(before);
    // Sign-out was refused too: the owner is still signed in.
    expect((await owner.get("/api/v1/me")).status).toBe(200);
  });
});
describe("the page walk", () => {
  const ROLES = ["owner", "admin", "member", "viewer"] as const;
  const pageUrl = (page: Page, rows: WorkspaceRows, id?: string) => {
    const owned = { conversation: rows.conversationId, project: rows.projectId, developer: rows.developerId };
    return fillTemplate(page.path, {
      id: id ?? (page.owns ? owned[page.owns] : "none"),
      token: "an-invitation-token",
    });
  };
  const load = async (client: TestClient, url: string) => {
    const response = await client.get(url);
    return {
      status: response.status,
      location: response.headers.get("location"),
      html: await response.text(),
    };
  };

  it("sends a signed-out visitor of every dashboard page to /sign-in and shows the public pages", async () => {
    const visitor = new TestClient(web.url);
    const answered: string[] = [];
    const expected: string[] = [];
    for (const page of PAGES) {
      const { status, location } = await load(visitor, pageUrl(page, aRows));
      answered.push(`${page.path} → ${status} ${location ?? ""}`);
      expected.push(`${page.path} → ${page.access === "dashboard" ? "307 /sign-in" : "200 "}`);
    }
    expect(answered).toEqual(expected);
  });

  it.each(ROLES)(
    "shows the %s every dashboard page, and the managers' pages only to managers",
    async (role) => {
      const client = callers[role].client;
      const manager = callers[role].permissions.has("manage");
      const answered: string[] = [];
      const expected: string[] = [];
      for (const page of PAGES.filter((entry) => entry.access === "dashboard")) {
        const { status, location, html } = await load(client, pageUrl(page, aRows));
        const refusedNotice = html.includes("cannot manage") ? " (your role cannot manage)" : "";
        answered.push(`${page.path} → ${status} ${location ?? ""}${refusedNotice}`);
        const notice = page.managersOnly && !manager ? " (your role cannot manage)" : "";
        expected.push(`${page.path} → ${page.redirectsTo ? `307 ${page.redirectsTo}` : "200 "}${notice}`);
      }
      expect(answered).toEqual(expected);
    },
  );

  it("answers the 404 page for another workspace's id and a malformed one", async () => {
    const owned = PAGES.filter((page) => page.owns);
    expect(owned.length).toBeGreaterThan(0);
    for (const role of ROLES) {
      for (const page of owned) {
        for (const url of [pageUrl(page, bRows), pageUrl(page, aRows, "not-a-uuid")]) {
          const { status } = await load(callers[role].client, url);
          expect([role, url, status]).toEqual([role, url, 404]);
        }
      }
    }
  });
});

describe("each role", () => {
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

describe("another workspace", () => {
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
