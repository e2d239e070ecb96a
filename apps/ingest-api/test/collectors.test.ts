import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  API_KEY_PATTERN,
  collectorRegistrationResponseSchema,
  type CollectorCredentials,
} from "@catsyphon/protocol";
import { sha256Hex } from "@catsyphon/accounts";
import { BUILTIN_KEY_IDLE_DAYS, MAX_LIVE_BUILTIN_KEYS } from "../src/routes/collectors";
import { batch, collectorHeaders, request, startTestApi, type TestApi } from "./harness";

const registration = { collector_type: "aiobscura", collector_version: "0.9.1", hostname: "laptop-1" };

describe("collector registration and credentials", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi("collectors");
  });
  afterAll(() => api.close());

  const register = (token: string | undefined, body: unknown = registration) =>
    request<CollectorCredentials & Record<string, unknown>>(`${api.url}/collectors`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      body,
    });

  it("registers with the bootstrap admin token and stores only the key's hash", async () => {
    const res = await register(api.adminToken);
    expect(res.status).toBe(201);
    const credentials = collectorRegistrationResponseSchema.parse(res.body);
    expect(credentials.api_key).toMatch(API_KEY_PATTERN);
    expect(credentials.api_key.startsWith("cs_test_")).toBe(true);
    expect(credentials.api_key.startsWith(credentials.api_key_prefix)).toBe(true);
    const row = await api.api.context.prisma.collectorConfig.findUniqueOrThrow({
      where: { id: credentials.collector_id },
    });
    expect(row.apiKeyHash).toBe(sha256Hex(credentials.api_key));
    expect(JSON.stringify(row)).not.toContain(credentials.api_key);
    expect(row).toMatchObject({
      collectorType: "aiobscura",
      hostname: "laptop-1",
      workspaceId: credentials.workspace_id,
    });
    const workspace = await api.api.context.prisma.workspace.findUniqueOrThrow({
      where: { id: credentials.workspace_id },
    });
    expect(workspace.slug).toBe("default");
  });

  it("never writes keys or tokens to the log", async () => {
    const res = await register(api.adminToken);
    await request(`${api.url}/collectors/events`, {
      headers: collectorHeaders(res.body),
      body: batch("log-check", 1, 2),
    });
    const log = api.logs.join("");
    expect(log).toContain("collector registered");
    expect(log).not.toContain(res.body.api_key);
    expect(log).not.toContain(api.adminToken);
  });

  it("rejects missing and wrong admin credentials with 401, and collector keys as admin credentials", async () => {
    expect((await register(undefined)).status).toBe(401);
    const wrong = await register("x".repeat(48));
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: "unauthorized" });
    const collector = await register(api.adminToken);
    expect((await register(collector.body.api_key)).status).toBe(401);
  });

  it("accepts workspace API tokens with the admin scope; refuses other scopes, revoked and expired tokens", async () => {
    const prisma = api.api.context.prisma;
    const workspace = await prisma.workspace.findUniqueOrThrow({ where: { slug: "default" } });
    const token = (name: string) => `csa_${name}_${"k".repeat(32)}`;
    const create = (name: string, data: { scopes: string[]; revokedAt?: Date; expiresAt?: Date }) =>
      prisma.apiToken.create({
        data: {
          workspaceId: workspace.id,
          name,
          tokenHash: sha256Hex(token(name)),
          tokenPrefix: token(name).slice(0, 12),
          ...data,
        },
      });
    await create("admin", { scopes: ["admin"] });
    await create("reader", { scopes: ["read"] });
    await create("revoked", { scopes: ["admin"], revokedAt: new Date() });
    await create("expired", { scopes: ["admin"], expiresAt: new Date(Date.now() - 1000) });

    const ok = await register(token("admin"));
    expect(ok.status).toBe(201);
    expect(ok.body.workspace_id).toBe(workspace.id);
    expect((await register(token("reader"))).status).toBe(403);
    expect((await register(token("revoked"))).status).toBe(401);
    expect((await register(token("expired"))).status).toBe(401);
  });

  it("answers 400 with paths for an invalid registration and 415 for a non-JSON body", async () => {
    const res = await register(api.adminToken, { collector_type: "", hostname: 7 });
    expect(res.status).toBe(400);
    const paths = (res.body.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["collector_type", "collector_version", "hostname"]));
    const text = await request(`${api.url}/collectors`, {
      headers: { authorization: `Bearer ${api.adminToken}`, "content-type": "text/plain" },
      rawBody: "collector_type=x",
    });
    expect(text.status).toBe(415);
  });

  const getBuiltin = () =>
    request<CollectorCredentials>(`${api.url}/collectors/builtin/credentials`, {
      headers: { authorization: `Bearer ${api.adminToken}` },
    });
  const send = (credentials: CollectorCredentials, sessionId: string) =>
    request(`${api.url}/collectors/events`, {
      headers: collectorHeaders(credentials),
      body: batch(sessionId, 1, 1),
    });

  it("issues fresh built-in credentials on every call, and a key fetched earlier keeps working", async () => {
    expect((await request(`${api.url}/collectors/builtin/credentials`)).status).toBe(401);
    // As `pnpm start`'s watcher, then `catsyphon ingest` with only the admin token, would fetch them.
    const watcher = await getBuiltin();
    expect(watcher.status).toBe(200);
    expect(watcher.headers.get("cache-control")).toBe("no-store");
    expect((await send(watcher.body, "builtin-watch")).status).toBe(202);
    const ingest = await getBuiltin();
    expect(ingest.body.api_key).not.toBe(watcher.body.api_key);
    expect(ingest.body.collector_id).not.toBe(watcher.body.collector_id);

    expect((await send(ingest.body, "builtin-ingest")).status).toBe(202);
    expect((await send(watcher.body, "builtin-watch-2")).status).toBe(202);
    const rows = await api.api.context.prisma.collectorConfig.findMany({
      where: { id: { in: [watcher.body.collector_id, ingest.body.collector_id] } },
    });
    expect(rows.map((row) => [row.isBuiltin, row.revokedAt, row.apiKeyHash]).sort()).toEqual(
      [
        [true, null, sha256Hex(watcher.body.api_key)],
        [true, null, sha256Hex(ingest.body.api_key)],
      ].sort(),
    );
  });

  it("bounds the live built-in keys: long-unused ones and the least recently used beyond the cap are revoked", async () => {
    const prisma = api.api.context.prisma;
    const inUse = await getBuiltin();
    const idle = await getBuiltin();
    const longAgo = new Date(Date.now() - (BUILTIN_KEY_IDLE_DAYS + 1) * 24 * 60 * 60 * 1000);
    await prisma.collectorConfig.update({
      where: { id: idle.body.collector_id },
      data: { lastSeenAt: longAgo, createdAt: longAgo },
    });
    await getBuiltin();
    expect((await send(idle.body, "builtin-idle")).status).toBe(401);
    expect((await send(inUse.body, "builtin-in-use")).status).toBe(202);

    // Fill up to the cap; each fetch then revokes the least recently used one.
    const workspaceId = inUse.body.workspace_id;
    const liveBuiltins = () =>
      prisma.collectorConfig.count({ where: { workspaceId, isBuiltin: true, revokedAt: null } });
    while ((await liveBuiltins()) < MAX_LIVE_BUILTIN_KEYS) await getBuiltin();
    const oldest = await prisma.collectorConfig.findFirstOrThrow({
      where: { workspaceId, isBuiltin: true, revokedAt: null },
      orderBy: { createdAt: "asc" },
    });
    await prisma.collectorConfig.update({ where: { id: oldest.id }, data: { lastSeenAt: longAgo } });
    await prisma.collectorConfig.updateMany({
      where: { workspaceId, isBuiltin: true, revokedAt: null, id: { not: oldest.id } },
      data: { lastSeenAt: new Date() },
    });
    const newest = await getBuiltin();
    expect(await liveBuiltins()).toBe(MAX_LIVE_BUILTIN_KEYS);
    const revoked = await prisma.collectorConfig.findUniqueOrThrow({ where: { id: oldest.id } });
    expect(revoked.revokedAt).not.toBeNull();
    expect((await send(newest.body, "builtin-newest")).status).toBe(202);
  });
});
