// The production build end to end: each deployable's `build` script (what `pnpm build` runs), its output copied
// out of the repository (so nothing can come from the workspace's node_modules), then run with plain node: the
// migration runner on a fresh database, the four services on free loopback ports and this file's Redis prefix, a
// session sent through the collector API, found in Postgres, tagged, and read back through the web read API.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  createTestRedis,
  eventually,
  freePort,
  type ServiceProcess,
  startServiceProcess,
  testEnv,
} from "@catsyphon/testing";
import { Client } from "pg";
import { builtOutputs, type BuiltOutputName, REPO_ROOT } from "../src/outputs";

const BUILD_TIMEOUT_MS = 15 * 60_000;
const redis = createTestRedis("built");
const databaseName = `catsyphon_test_built_${randomBytes(5).toString("hex")}`;
const databaseUrl = withDatabase(testEnv.TEST_DATABASE_URL, databaseName);
const adminToken = randomBytes(24).toString("hex");
const admin = { email: "owner@built.test", password: randomBytes(12).toString("hex") };

let outside = "";
const services = new Map<"ingest-api" | "ingest-worker" | "tagger" | "web", ServiceProcess>();

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Runs a command to its end; resolves with its exit code and everything it wrote. */
function run(command: string, args: string[], options: { cwd: string; env?: Record<string, string> }) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, output }));
  });
}

const entryOf = (name: BuiltOutputName) => path.join(outside, name, builtOutputs[name].entry);
// Exactly this, and nothing preloaded: neither tsx nor anything else through NODE_OPTIONS.
const plainNode = (name: BuiltOutputName) => ["--enable-source-maps", entryOf(name)];
const noPreload = { NODE_OPTIONS: "" };

function migrate(url: string) {
  return run(process.execPath, plainNode("migrate"), {
    cwd: os.tmpdir(),
    env: { ...noPreload, DATABASE_URL: url },
  });
}

async function withDatabaseClient<T>(use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  const filters = Object.values(builtOutputs).flatMap((output) => ["--filter", output.packageName]);
  const built = await run("pnpm", [...filters, "run", "build"], { cwd: REPO_ROOT });
  if (built.code !== 0) throw new Error(`the build failed (exit ${built.code}):\n${built.output}`);
  outside = await mkdtemp(path.join(os.tmpdir(), "catsyphon-built-"));
  for (const [name, output] of Object.entries(builtOutputs)) {
    // The standalone tree keeps pnpm's layout: its relative symlinks must stay relative, inside the copy.
    await cp(path.join(REPO_ROOT, output.dir), path.join(outside, name), {
      recursive: true,
      verbatimSymlinks: true,
    });
  }
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all([...services.values()].map((service) => service.stop()));
  await redis.cleanup().catch(() => undefined);
  const adminClient = new Client({ connectionString: testEnv.TEST_DATABASE_URL });
  await adminClient.connect();
  await adminClient.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  await adminClient.end();
  if (outside) await rm(outside, { recursive: true, force: true });
});

describe("the migration runner, built", () => {
  it("creates and migrates a fresh database, then finds nothing to do", async () => {
    const first = await migrate(databaseUrl);
    expect(first).toEqual({ code: 0, output: expect.stringContaining("applied") });
    const shipped = (
      await readdir(path.join(outside, "migrate", "prisma", "migrations"), { withFileTypes: true })
    )
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const checkedIn = (await readdir(path.join(REPO_ROOT, "prisma", "migrations"), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(shipped).toEqual(checkedIn);
    const applied = await withDatabaseClient(async (client) => {
      const result = await client.query<{ migration_name: string }>(
        "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name",
      );
      return result.rows.map((row) => row.migration_name);
    });
    expect(applied).toEqual(checkedIn);

    const second = await migrate(databaseUrl);
    expect(second).toEqual({ code: 0, output: expect.stringContaining("already up to date") });
  });

  it("exits 1 with the reason, and no password, when the database cannot be reached", async () => {
    const closedPort = await freePort();
    const result = await migrate(`postgresql://app:hunter2-secret@127.0.0.1:${closedPort}/nowhere`);
    expect(result.code).toBe(1);
    expect(result.output).toContain("ECONNREFUSED");
    expect(result.output).not.toContain("hunter2-secret");
  });
});

describe("the services, built", () => {
  beforeAll(async () => {
    // The schema must be in place before the services start (the first describe block migrates it).
    const common = {
      ...noPreload,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: redis.prefix,
      LOG_LEVEL: "info",
    };
    const start = (name: "ingest-api" | "ingest-worker" | "tagger" | "web", env: Record<string, string>) =>
      startServiceProcess({
        label: `built ${name}`,
        nodeArgs: plainNode(name),
        // Not the repository: whatever the bundle resolves at run time must come from its own folder.
        cwd: os.tmpdir(),
        env: { ...common, ...env },
        urlField: name === "ingest-worker" || name === "tagger" ? "healthUrl" : "url",
      }).then((service) => services.set(name, service));
    await Promise.all([
      start("ingest-api", {
        INGEST_API_PORT: "0",
        CATSYPHON_ADMIN_TOKEN: adminToken,
        CATSYPHON_KEY_ENV: "test",
      }),
      start("ingest-worker", { WORKER_HEALTH_PORT: "0" }),
      start("tagger", { TAGGER_HEALTH_PORT: "0" }),
      start("web", {
        WEB_PORT: "0",
        CATSYPHON_INIT_ADMIN_EMAIL: admin.email,
        CATSYPHON_INIT_ADMIN_PASSWORD: admin.password,
      }),
    ]);
  }, 180_000);

  const service = (name: "ingest-api" | "ingest-worker" | "tagger" | "web") => {
    const found = services.get(name);
    if (!found) throw new Error(`${name} did not start`);
    return found;
  };

  it("runs each service as plain node on its bundle, from outside the repository", async () => {
    for (const [name, running] of services) {
      const pid = running.child.pid;
      expect(pid).toBeDefined();
      const argv = (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0").filter(Boolean);
      expect({ name, argv }).toEqual({ name, argv: [process.execPath, ...plainNode(name)] });
      const environ = (await readFile(`/proc/${pid}/environ`, "utf8")).split("\0");
      expect(
        environ.filter((entry) => entry.startsWith("NODE_OPTIONS=") && entry !== "NODE_OPTIONS="),
      ).toEqual([]);
      expect(argv.join(" ")).not.toContain("tsx");
      expect(argv[2]?.startsWith(REPO_ROOT)).toBe(false);
    }
  });

  it("takes a session through the collector API into Postgres, tags it, and serves it on the read API", async () => {
    const api = service("ingest-api").url;
    const registered = await fetch(`${api}/collectors`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ collector_type: "sdk", collector_version: "1", hostname: "built-test" }),
    });
    expect(registered.status).toBe(201);
    const collector = (await registered.json()) as { api_key: string; collector_id: string };
    const now = Date.now();
    const at = (second: number) => new Date(now - 60_000 + second * 1000).toISOString();
    const events = [
      [
        "session_start",
        { agent_type: "claude-code", agent_version: "1.0.0", working_directory: "/srv/built" },
      ],
      ["message", { author_role: "human", message_type: "prompt", content: "run the failing test" }],
      ["message", { author_role: "assistant", message_type: "response", content: "the test passes now" }],
      ["session_end", { outcome: "success" }],
    ].map(([type, data], index) => ({
      sequence: index + 1,
      type,
      emitted_at: at(index),
      observed_at: at(index),
      data,
    }));
    const sent = await fetch(`${api}/collectors/events`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${collector.api_key}`,
        "x-collector-id": collector.collector_id,
      },
      body: JSON.stringify({ session_id: "built-session", events }),
    });
    expect(sent.status).toBe(202);

    const row = await eventually(
      () =>
        withDatabaseClient(async (client) => {
          const result = await client.query<{ status: string; message_count: number; tagged: boolean }>(
            `SELECT status, message_count, tagged_at IS NOT NULL AS tagged FROM conversations
              WHERE collector_session_id = 'built-session'`,
          );
          const found = result.rows[0];
          return found?.status === "completed" && found.tagged ? found : undefined;
        }),
      // Generous: CI runs this beside every other package's tests on two cores.
      { timeoutMs: 120_000 },
    );
    expect(row).toEqual({ status: "completed", message_count: 2, tagged: true });

    const web = service("web").url;
    const signIn = await fetch(`${web}/api/v1/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: new URL(web).origin },
      body: JSON.stringify(admin),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((header) => header.split(";")[0])
      .join("; ");
    const listed = await fetch(`${web}/api/v1/conversations`, { headers: { cookie } });
    expect(listed.status).toBe(200);
    const page = (await listed.json()) as {
      items: { collector_session_id: string; message_count: number }[];
    };
    expect(page.items).toEqual([
      expect.objectContaining({ collector_session_id: "built-session", message_count: 2 }),
    ]);
  }, 180_000);

  it("serves the web app's pages and their browser assets from the standalone tree", async () => {
    const web = service("web").url;
    const page = await fetch(`${web}/sign-in`);
    expect(page.status).toBe(200);
    const assets = [...(await page.text()).matchAll(/\/_next\/static\/[^"']+\.(?:js|css)/g)].map(
      (match) => match[0],
    );
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of new Set(assets)) {
      const response = await fetch(`${web}${asset}`);
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
      await response.body?.cancel();
    }
  });

  it("stops each service on SIGTERM with exit code 0", async () => {
    const exits = await Promise.all(
      [...services].map(async ([name, running]) => ({ name, exit: await running.stop() })),
    );
    expect(exits).toEqual([...services.keys()].map((name) => ({ name, exit: { code: 0, signal: null } })));
  });
});
