// `pnpm --filter @catsyphon/ingest-api api-tokens`: the command line that issues, lists and revokes workspace API
// tokens, run as a user runs it (a child process against this file's database), and the tokens used against the
// real API.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { sha256Hex } from "@catsyphon/accounts";
import { request, startTestApi, type TestApi } from "./harness";

const run = promisify(execFile);
const CLI = join(__dirname, "..", "src", "cli", "api-tokens.ts");
const registration = { collector_type: "ci", collector_version: "1.0.0", hostname: "ci-runner" };

describe("api-tokens command line", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi("api-tokens");
  });
  afterAll(() => api.close());

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", CLI, ...args], {
        env: { PATH: process.env.PATH, DATABASE_URL: api.database.url },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }
  const register = (token: string) =>
    request(`${api.url}/collectors`, { headers: { authorization: `Bearer ${token}` }, body: registration });

  it("creates an admin token that registers collectors; only its hash and prefix are stored", async () => {
    const created = await cli("create", "--name", "ci pipeline", "--json");
    expect(created.code).toBe(0);
    const token = JSON.parse(created.stdout) as {
      id: string;
      token: string;
      tokenPrefix: string;
      scopes: string[];
    };
    expect(token.token).toMatch(/^csa_[A-Za-z0-9]{40}$/);
    expect(token.token.startsWith(token.tokenPrefix)).toBe(true);
    expect(token.scopes).toEqual(["admin"]);
    const row = await api.api.context.prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.tokenHash).toBe(sha256Hex(token.token));
    expect(JSON.stringify(row)).not.toContain(token.token);
    expect(row.lastUsedAt).toBeNull();

    const registered = await register(token.token);
    expect(registered.status).toBe(201);
    const used = await api.api.context.prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(used.lastUsedAt).not.toBeNull();
  }, 180_000);

  it("prints the token once in plain output, lists tokens by prefix without it, and revokes by prefix", async () => {
    const created = await cli("create", "--name", "alice laptop", "--expires-in-days", "30");
    expect(created.code).toBe(0);
    const [token, summary] = created.stdout.trim().split("\n");
    expect(token).toMatch(/^csa_/);
    expect(summary).toMatch(
      /for workspace "default", scopes admin, expires \d{4}-\d{2}-\d{2}\. It is shown only now\./,
    );
    const prefix = token?.slice(0, 12) ?? "";

    const listed = await cli("list");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(prefix);
    expect(listed.stdout).toContain("alice laptop");
    expect(listed.stdout).not.toContain(token);

    expect((await register(token ?? "")).status).toBe(201);
    const revoked = await cli("revoke", prefix);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/^Revoked: .*alice laptop.*revoked \d{4}-/);
    const refused = await register(token ?? "");
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: "unauthorized" });
    expect((await cli("list", "--json")).stdout).toContain('"revokedAt":"');
  }, 180_000);

  it("a read-scoped token cannot register collectors (403)", async () => {
    const created = await cli("create", "--name", "dashboard reader", "--scope", "read", "--json");
    const token = JSON.parse(created.stdout) as { token: string; scopes: string[] };
    expect(token.scopes).toEqual(["read"]);
    expect((await register(token.token)).status).toBe(403);
  }, 180_000);

  it("refuses bad arguments with exit code 2 and says what to fix; unknown tokens and workspaces with 1", async () => {
    const noName = await cli("create");
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain("--name is required");
    const badScope = await cli("create", "--name", "x", "--scope", "root");
    expect(badScope.code).toBe(2);
    expect(badScope.stderr).toMatch(/--scope .*"admin"\|"read"/);
    expect((await cli("frobnicate")).code).toBe(2);
    expect((await cli("create", "--name", "x", "--bogus")).code).toBe(2);

    const unknown = await cli("revoke", "csa_nothere");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No API token "csa_nothere" in workspace "default"');
    const noWorkspace = await cli("list", "--workspace", "elsewhere");
    expect(noWorkspace.code).toBe(1);
    expect(noWorkspace.stderr).toContain('No workspace "elsewhere"');
    const help = await cli("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("api-tokens create --name <name>");
  }, 120_000);
});
