// Sign-in, sessions, the sign-in limit and CSRF, against the real web server (production build), Postgres and Redis.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createUser, setUserDisabled } from "@catsyphon/accounts";
import { type PrismaClient } from "@catsyphon/db";
import { startWebProcess, type WebProcess } from "@catsyphon/testing";
import { bootstrapAccounts } from "../src/cli/init-admin";
import { body, TestClient } from "./support/client";
import { PASSWORD, testPrisma } from "./support/fixtures";

const ADMIN_EMAIL = "first.admin@example.com";
const ADMIN_PASSWORD = "the first admin's password";

let web: WebProcess;
let prisma: PrismaClient;

beforeAll(async () => {
  web = await startWebProcess({
    label: "web-auth",
    env: {
      CATSYPHON_INIT_ADMIN_EMAIL: ADMIN_EMAIL,
      CATSYPHON_INIT_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SIGN_IN_LIMIT_PER_ACCOUNT: "3",
      SIGN_IN_LIMIT_PER_ADDRESS: "6",
      SIGN_IN_LIMIT_WINDOW_SECONDS: "600",
    },
  });
  prisma = testPrisma(web.database.url);
  await createUser(prisma, {
    email: "dev@example.com",
    password: PASSWORD,
    workspaceSlug: "default",
    role: "member",
  });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await web?.stop();
});

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const clearLimits = () => web.redis.deleteKeys(":web:sign-in:*");

describe("the first user", () => {
  it("comes from CATSYPHON_INIT_ADMIN_* as owner of the default workspace, and can sign in", async () => {
    const client = new TestClient(web.url);
    expect((await client.signIn(ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
    const me = await body<{ workspace: { slug: string }; role: string }>(await client.get("/api/v1/me"));
    expect(me.workspace.slug).toBe("default");
    expect(me.role).toBe("owner");
  });

  it("is created once: booting again changes neither the user, their password nor their role", async () => {
    const before = await prisma.user.findUniqueOrThrow({ where: { email: ADMIN_EMAIL } });
    const again = await bootstrapAccounts(prisma, {
      email: ADMIN_EMAIL,
      password: "another password entirely",
    });
    expect(again.initAdmin).toEqual({ userId: before.id, created: false });
    const after = await prisma.user.findUniqueOrThrow({ where: { email: ADMIN_EMAIL } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(await prisma.membership.count({ where: { userId: before.id } })).toBe(1);
    expect(await prisma.workspace.count({ where: { slug: "default" } })).toBe(1);
  });
});

describe("sign-in", () => {
  it("sets an HttpOnly SameSite=Lax cookie whose token is stored only as its SHA-256", async () => {
    const client = new TestClient(web.url);
    const response = await client.signIn("DEV@example.com", PASSWORD);
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("catsyphon_session="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    const token = client.cookies.get("catsyphon_session") ?? "";
    expect(await prisma.userSession.count({ where: { tokenHash: sha256(token) } })).toBe(1);
    expect(await prisma.userSession.count({ where: { tokenHash: token } })).toBe(0);
  });

  it("gives the same answer for an unknown email and a wrong password", async () => {
    await clearLimits();
    const unknown = await new TestClient(web.url).signIn("nobody@example.com", PASSWORD);
    const wrong = await new TestClient(web.url).signIn("dev@example.com", "not the password at all");
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await body(unknown)).toEqual(await body(wrong));
    expect(unknown.headers.getSetCookie()).toEqual([]);
  });

  it("rotates the session: signing in again replaces the token the browser had", async () => {
    const client = new TestClient(web.url);
    await client.signIn("dev@example.com", PASSWORD);
    const first = client.cookies.get("catsyphon_session") ?? "";
    await client.signIn("dev@example.com", PASSWORD);
    const second = client.cookies.get("catsyphon_session") ?? "";
    expect(second).not.toBe(first);
    expect(await prisma.userSession.count({ where: { tokenHash: sha256(first) } })).toBe(0);
    const stale = new TestClient(web.url);
    stale.cookies.set("catsyphon_session", first);
    expect((await stale.get("/api/v1/me")).status).toBe(401);
    expect((await client.get("/api/v1/me")).status).toBe(200);
  });

  it("works from the server-rendered form: a redirect home, or back to the form on failure", async () => {
    const page = await new TestClient(web.url).get("/sign-in");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('action="/api/v1/auth/sign-in"');

    const client = new TestClient(web.url);
    const ok = await client.post("/api/v1/auth/sign-in", {
      form: { email: "dev@example.com", password: PASSWORD },
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/");
    const home = await client.get("/");
    expect(await home.text()).toContain("dev@example.com");

    const failed = await new TestClient(web.url).post("/api/v1/auth/sign-in", {
      form: { email: "dev@example.com", password: "wrong password here" },
    });
    expect(failed.status).toBe(303);
    expect(failed.headers.get("location")).toBe("/sign-in?error=invalid");
    // Home without a session sends the browser to the form.
    const anonymous = await new TestClient(web.url).get("/");
    expect([303, 307, 308]).toContain(anonymous.status);
    expect(anonymous.headers.get("location")).toContain("/sign-in");
  });
});

describe("sessions end", () => {
  it("at sign-out: the token no longer works", async () => {
    const client = new TestClient(web.url);
    await client.signIn("dev@example.com", PASSWORD);
    const token = client.cookies.get("catsyphon_session") ?? "";
    const out = await client.post("/api/v1/auth/sign-out");
    expect(out.status).toBe(204);
    expect(client.cookies.has("catsyphon_session")).toBe(false);
    const replay = new TestClient(web.url);
    replay.cookies.set("catsyphon_session", token);
    expect((await replay.get("/api/v1/me")).status).toBe(401);
  });

  it("when they expire, and are extended when used in their second half", async () => {
    const client = new TestClient(web.url);
    await client.signIn("dev@example.com", PASSWORD);
    const tokenHash = sha256(client.cookies.get("catsyphon_session") ?? "");
    await prisma.userSession.update({
      where: { tokenHash },
      data: { expiresAt: new Date(Date.now() + 3_600_000) },
    });
    const used = await client.get("/api/v1/me");
    expect(used.status).toBe(200);
    const extended = await prisma.userSession.findUniqueOrThrow({ where: { tokenHash } });
    expect(extended.expiresAt.getTime()).toBeGreaterThan(Date.now() + 100 * 3_600_000);
    // The browser is told to keep the cookie as long (same token).
    const renewed = used.headers.getSetCookie().find((c) => c.startsWith("catsyphon_session="));
    expect(renewed).toMatch(/Max-Age=(60479\d|604800)/);
    expect(sha256(client.cookies.get("catsyphon_session") ?? "")).toBe(tokenHash);
    const again = await client.get("/api/v1/me");
    expect(again.headers.getSetCookie()).toEqual([]);

    await prisma.userSession.update({
      where: { tokenHash },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await client.get("/api/v1/me");
    expect(expired.status).toBe(401);
    expect(await body(expired)).toMatchObject({ error: "unauthorized" });
  });

  it("when the user is disabled, and they cannot sign in again", async () => {
    await clearLimits();
    await createUser(prisma, {
      email: "leaver@example.com",
      password: PASSWORD,
      workspaceSlug: "default",
      role: "viewer",
    });
    const client = new TestClient(web.url);
    await client.signIn("leaver@example.com", PASSWORD);
    expect((await client.get("/api/v1/me")).status).toBe(200);
    await setUserDisabled(prisma, { email: "leaver@example.com", disabled: true });
    expect((await client.get("/api/v1/me")).status).toBe(401);
    const again = await new TestClient(web.url).signIn("leaver@example.com", PASSWORD);
    expect(again.status).toBe(401);
    expect(await body(again)).toEqual({ error: "unauthorized", message: "Wrong email or password" });
  });

  it("when the password changes: every other session ends, the caller gets a new one", async () => {
    await createUser(prisma, {
      email: "mover@example.com",
      password: PASSWORD,
      workspaceSlug: "default",
      role: "member",
    });
    const laptop = new TestClient(web.url);
    const phone = new TestClient(web.url);
    await laptop.signIn("mover@example.com", PASSWORD);
    await phone.signIn("mover@example.com", PASSWORD);
    const wrong = await laptop.post("/api/v1/auth/password", {
      json: { current_password: "not my password", new_password: "a brand new password" },
    });
    expect(wrong.status).toBe(403);
    const changed = await laptop.post("/api/v1/auth/password", {
      json: { current_password: PASSWORD, new_password: "a brand new password" },
    });
    expect(changed.status).toBe(200);
    expect(await body(changed)).toEqual({ sessions_revoked: 2 });
    expect((await phone.get("/api/v1/me")).status).toBe(401);
    expect((await laptop.get("/api/v1/me")).status).toBe(200);
    expect((await new TestClient(web.url).signIn("mover@example.com", "a brand new password")).status).toBe(
      200,
    );
  });
});

describe("the sign-in limit", () => {
  it("answers 429 with Retry-After once an account has had too many failures, even with the right password", async () => {
    await clearLimits();
    for (let i = 0; i < 3; i += 1) {
      expect((await new TestClient(web.url).signIn("dev@example.com", `wrong password ${i}`)).status).toBe(
        401,
      );
    }
    const blocked = await new TestClient(web.url).signIn("dev@example.com", PASSWORD);
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(await body(blocked)).toMatchObject({ error: "rate_limited" });
    // Another account from the same address is not blocked by this account's count.
    expect((await new TestClient(web.url).signIn(ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
  });

  it("limits an address across accounts, whatever X-Forwarded-For it claims", async () => {
    await clearLimits();
    for (let i = 0; i < 6; i += 1) {
      const attempt = await new TestClient(web.url).post("/api/v1/auth/sign-in", {
        json: { email: `guess${i}@example.com`, password: "guessing" },
        headers: { "X-Forwarded-For": `203.0.113.${i}` },
      });
      expect(attempt.status).toBe(401);
    }
    const blocked = await new TestClient(web.url).post("/api/v1/auth/sign-in", {
      json: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
      headers: { "X-Forwarded-For": "198.51.100.7" },
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    await clearLimits();
    expect((await new TestClient(web.url).signIn(ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
  });
});

describe("CSRF", () => {
  it("refuses a state-changing request with a foreign Origin, or with none, and accepts our own", async () => {
    await clearLimits();
    const client = new TestClient(web.url);
    await client.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    const create = { json: { name: "csrf probe", scopes: ["read"] } };
    const foreign = await client.post("/api/v1/api-tokens", { ...create, origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(await body(foreign)).toMatchObject({ error: "forbidden" });
    expect((await client.post("/api/v1/api-tokens", { ...create, origin: null })).status).toBe(403);
    expect(await prisma.apiToken.count({ where: { name: "csrf probe" } })).toBe(0);
    const own = await client.post("/api/v1/api-tokens", create);
    expect(own.status).toBe(201);

    // Sign-in and sign-out are checked too (no login CSRF, no forced sign-out).
    const loginCsrf = await new TestClient(web.url).post("/api/v1/auth/sign-in", {
      json: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
      origin: "https://evil.example",
    });
    expect(loginCsrf.status).toBe(403);
    expect((await client.post("/api/v1/auth/sign-out", { origin: "https://evil.example" })).status).toBe(403);
    expect((await client.get("/api/v1/me")).status).toBe(200);
  });
});

describe("secrets stay out of the logs", () => {
  it("has no password or session token in the server's output", async () => {
    const client = new TestClient(web.url);
    await client.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    const token = client.cookies.get("catsyphon_session") ?? "";
    const output = web.output();
    expect(output).not.toContain(ADMIN_PASSWORD);
    expect(output).not.toContain(PASSWORD);
    expect(output).not.toContain(token);
  });
});

describe("with Redis down", () => {
  it("sign-in answers 503 with Retry-After (the limit cannot be checked), never a 500 or a session", async () => {
    const { freePort } = await import("@catsyphon/testing");
    const noRedis = await startWebProcess({
      label: "web-auth-no-redis",
      database: web.database,
      env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}` },
    });
    try {
      const response = await new TestClient(noRedis.url).signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(await body(response)).toMatchObject({ error: "service_unavailable" });
      expect(response.headers.getSetCookie()).toEqual([]);
      expect((await new TestClient(noRedis.url).get("/ready")).status).toBe(503);
    } finally {
      await noRedis.stop();
    }
  });
});
