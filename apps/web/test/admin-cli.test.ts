// The admin CLI as a child process against this test file's own database: `pnpm admin ...` from the repo root.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { checkApiToken, ensureDefaultWorkspace, sha256Hex, verifyPassword } from "@catsyphon/accounts";
import { type PrismaClient } from "@catsyphon/db";
import { createTestDatabase, repoRoot, type TestDatabase } from "@catsyphon/testing";
import { testPrisma } from "./support/fixtures";

const ADMIN = path.join(__dirname, "..", "src", "cli", "admin.ts");

let database: TestDatabase;
let prisma: PrismaClient;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function admin(args: string[], stdin = "", via: "node" | "pnpm" = "node"): Promise<Run> {
  const [command, argv] =
    via === "node"
      ? [process.execPath, ["--import", "tsx", ADMIN, ...args]]
      : ["pnpm", ["-s", "admin", ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      cwd: repoRoot(),
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: "warn" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const jsonOf = <T>(run: Run): T => {
  expect(run).toMatchObject({ code: 0 });
  return JSON.parse(run.stdout) as T;
};

beforeAll(async () => {
  database = await createTestDatabase("web-admin-cli");
  prisma = testPrisma(database.url);
  await ensureDefaultWorkspace(prisma);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

describe("pnpm admin", () => {
  it("creates and lists workspaces (from the repo root's script), refusing a duplicate slug", async () => {
    const created = jsonOf<{ workspace_id: string; slug: string }>(
      await admin(["workspaces", "create", "--name", "Platform Team", "--json"], "", "pnpm"),
    );
    expect(created.slug).toBe("platform-team");
    expect((await prisma.workspace.findUniqueOrThrow({ where: { id: created.workspace_id } })).name).toBe(
      "Platform Team",
    );
    const listed = jsonOf<{ items: { slug: string }[] }>(await admin(["workspaces", "list", "--json"]));
    expect(listed.items.map((w) => w.slug)).toEqual(["default", "platform-team"]);
    const duplicate = await admin(["workspaces", "create", "--name", "Platform team"]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain("platform-team");
  });

  it("creates a user with a role, the password from standard input only", async () => {
    const created = jsonOf<{ user_id: string; role: string; created: boolean }>(
      await admin(
        [
          "users",
          "create",
          "--email",
          "Lead@Example.com",
          "--workspace",
          "default",
          "--role",
          "admin",
          "--password-stdin",
          "--json",
        ],
        "a password from stdin\n",
      ),
    );
    expect(created).toMatchObject({ role: "admin", created: true });
    const user = await prisma.user.findUniqueOrThrow({
      where: { id: created.user_id },
      include: { memberships: true },
    });
    expect(user.email).toBe("lead@example.com");
    expect(user.memberships.map((m) => m.role)).toEqual(["admin"]);
    expect(await verifyPassword("a password from stdin", user.passwordHash)).toBe(true);
    const text = await admin(["users", "list"]);
    expect(text.stdout).toContain("lead@example.com");
    expect(text.stdout).toContain("default:admin");
    expect(text.stdout).not.toContain("a password from stdin");
  });

  it("refuses bad arguments with exit 2 and unknown workspaces or users with exit 1", async () => {
    const cases: [string[], string, number, string][] = [
      [
        ["users", "create", "--email", "x@example.com", "--workspace", "default", "--role", "admin"],
        "",
        2,
        "--password-stdin",
      ],
      [
        [
          "users",
          "create",
          "--email",
          "x@example.com",
          "--workspace",
          "default",
          "--role",
          "boss",
          "--password-stdin",
        ],
        "long enough password",
        2,
        "--role",
      ],
      [
        [
          "users",
          "create",
          "--email",
          "x@example.com",
          "--workspace",
          "default",
          "--role",
          "viewer",
          "--password-stdin",
        ],
        "short",
        2,
        "at least 12",
      ],
      [
        [
          "users",
          "create",
          "--email",
          "not-an-email",
          "--workspace",
          "default",
          "--role",
          "viewer",
          "--password-stdin",
        ],
        "long enough password",
        2,
        "--email",
      ],
      [
        [
          "users",
          "create",
          "--email",
          "x@example.com",
          "--workspace",
          "nowhere",
          "--role",
          "viewer",
          "--password-stdin",
        ],
        "long enough password",
        1,
        "nowhere",
      ],
      [["users", "disable", "--email", "ghost@example.com"], "", 1, "ghost@example.com"],
      [["frobnicate", "now"], "", 2, "unknown command"],
      [["api-tokens", "create", "--name", "x", "--scope", "root"], "", 2, "--scope"],
    ];
    for (const [args, stdin, code, message] of cases) {
      const run = await admin(args, stdin);
      expect([args.join(" "), run.code]).toEqual([args.join(" "), code]);
      expect(run.stderr).toContain(message);
    }
    expect(await prisma.user.count({ where: { email: "x@example.com" } })).toBe(0);
  });

  it("disables a user (ending their sessions) and resets a password (ending them too)", async () => {
    jsonOf(
      await admin(
        [
          "users",
          "create",
          "--email",
          "dev@example.com",
          "--workspace",
          "default",
          "--role",
          "member",
          "--password-stdin",
          "--json",
        ],
        "first password 123",
      ),
    );
    const user = await prisma.user.findUniqueOrThrow({ where: { email: "dev@example.com" } });
    const session = () =>
      prisma.userSession.create({
        data: {
          userId: user.id,
          tokenHash: sha256Hex(String(Math.random())),
          expiresAt: new Date(Date.now() + 3_600_000),
        },
      });
    await session();
    const disabled = jsonOf<{ disabled: boolean; sessions_revoked: number }>(
      await admin(["users", "disable", "--email", "dev@example.com", "--json"]),
    );
    expect(disabled).toEqual({
      user_id: user.id,
      email: "dev@example.com",
      disabled: true,
      sessions_revoked: 1,
    });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).disabledAt).not.toBeNull();
    jsonOf(await admin(["users", "enable", "--email", "dev@example.com", "--json"]));
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).disabledAt).toBeNull();

    await session();
    await session();
    const reset = jsonOf<{ sessions_revoked: number }>(
      await admin(
        ["users", "reset-password", "--email", "dev@example.com", "--password-stdin", "--json"],
        "second password 456",
      ),
    );
    expect(reset.sessions_revoked).toBe(2);
    const after = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword("second password 456", after.passwordHash)).toBe(true);
    expect(await verifyPassword("first password 123", after.passwordHash)).toBe(false);
  });

  it("creates, lists and revokes API tokens of a workspace", async () => {
    const created = jsonOf<{ token_id: string; token: string; token_prefix: string; scopes: string[] }>(
      await admin([
        "api-tokens",
        "create",
        "--workspace",
        "platform-team",
        "--scope",
        "read",
        "--name",
        "grafana",
        "--json",
      ]),
    );
    expect(created.token).toMatch(/^csa_[A-Za-z0-9]{40}$/);
    expect(created.scopes).toEqual(["read"]);
    const check = await checkApiToken(prisma, created.token);
    expect(check).toMatchObject({ ok: true, id: created.token_id, scopes: ["read"] });
    const listed = await admin(["api-tokens", "list", "--workspace", "platform-team"]);
    expect(listed.stdout).toContain(created.token_prefix);
    expect(listed.stdout).not.toContain(created.token);
    expect((await admin(["api-tokens", "list"])).stdout).toContain("No API tokens");
    jsonOf(
      await admin(["api-tokens", "revoke", created.token_prefix, "--workspace", "platform-team", "--json"]),
    );
    expect(await checkApiToken(prisma, created.token)).toEqual({ ok: false, reason: "revoked" });
  });

  it("lists and revokes collectors", async () => {
    const workspaceId = await ensureDefaultWorkspace(prisma);
    const collector = await prisma.collectorConfig.create({
      data: {
        workspaceId,
        collectorType: "watcher",
        collectorVersion: "1.0.0",
        hostname: "laptop-7",
        apiKeyHash: sha256Hex("cs_test_key"),
        apiKeyPrefix: "cs_test_abcd",
      },
    });
    const listed = jsonOf<{ items: { id: string; hostname: string }[] }>(
      await admin(["collectors", "list", "--json"]),
    );
    expect(listed.items.map((c) => [c.id, c.hostname])).toEqual([[collector.id, "laptop-7"]]);
    const revoked = jsonOf<{ collector_id: string }>(
      await admin(["collectors", "revoke", collector.id, "--json"]),
    );
    expect(revoked.collector_id).toBe(collector.id);
    expect(
      (await prisma.collectorConfig.findUniqueOrThrow({ where: { id: collector.id } })).revokedAt,
    ).not.toBeNull();
    expect((await admin(["collectors", "revoke", collector.id, "--workspace", "platform-team"])).code).toBe(
      1,
    );
  });
});
