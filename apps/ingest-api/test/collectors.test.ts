import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  API_KEY_PATTERN,
  collectorRegistrationResponseSchema,
  type CollectorCredentials,
} from "@catsyphon/protocol";
import { sha256Hex } from "@catsyphon/accounts";
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

  it("issues fresh built-in credentials on every call and revokes the previous ones", async () => {
    const get = () =>
      request<CollectorCredentials>(`${api.url}/collectors/builtin/credentials`, {
        headers: { authorization: `Bearer ${api.adminToken}` },
      });
    expect((await request(`${api.url}/collectors/builtin/credentials`)).status).toBe(401);
    const first = await get();
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    const second = await get();
    expect(second.body.api_key).not.toBe(first.body.api_key);

    const oldKey = await request(`${api.url}/collectors/events`, {
      headers: collectorHeaders(first.body),
      body: batch("builtin", 1, 1),
    });
    expect(oldKey.status).toBe(401);
    const newKey = await request(`${api.url}/collectors/events`, {
      headers: collectorHeaders(second.body),
      body: batch("builtin", 1, 1),
    });
    expect(newKey.status).toBe(202);
    const builtins = await api.api.context.prisma.collectorConfig.findMany({ where: { isBuiltin: true } });
    expect(builtins.filter((c) => c.revokedAt === null)).toHaveLength(1);
  });
});
