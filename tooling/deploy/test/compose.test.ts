// infra/compose.yaml, checked offline: Debian's docker-compose (v1) accepts it, dclint finds nothing, and the
// resolved file keeps the deployment's promises (migrations first, unprivileged read-only services, durable
// Redis, each service given only its own secrets, every variable documented in .env.example).
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "@jest/globals";
import { parse } from "yaml";
import { z } from "zod";
import { composeFile, root } from "./paths";

const run = promisify(execFile);

const dockerCompose = "docker-compose";
const composeEnv = {
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "/tmp",
  POSTGRES_PASSWORD: "pw-for-the-test",
};

const service = z.object({
  image: z.string(),
  build: z.object({ context: z.string(), dockerfile: z.string() }).optional(),
  command: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.string().nullable()).default({}),
  depends_on: z.record(z.string(), z.object({ condition: z.string() })).optional(),
  healthcheck: z.object({ test: z.array(z.string()) }).optional(),
  restart: z.string().optional(),
  read_only: z.boolean().optional(),
  user: z.string().optional(),
  init: z.boolean().optional(),
  tmpfs: z.array(z.string()).optional(),
  cap_drop: z.array(z.string()).optional(),
  ports: z.array(z.unknown()).optional(),
});
const resolvedCompose = z.object({ services: z.record(z.string(), service) });
type Service = z.infer<typeof service>;

const catsyphonServices = ["migrate", "ingest-api", "ingest-worker", "tagger", "web"];
const longRunning = ["ingest-api", "ingest-worker", "tagger", "web"];

async function resolved(): Promise<Record<string, Service>> {
  const { stdout } = await run(dockerCompose, ["-f", composeFile, "config"], { cwd: root, env: composeEnv });
  return resolvedCompose.parse(parse(stdout)).services;
}

describe("docker-compose v1 (offline)", () => {
  beforeAll(async () => {
    // Fails with a clear message where Debian's docker-compose is missing (.ci/run installs it).
    await expect(run(dockerCompose, ["version"])).resolves.toBeDefined();
  });

  it("accepts infra/compose.yaml (config -q)", async () => {
    const { stdout, stderr } = await run(dockerCompose, ["-f", composeFile, "config", "-q"], {
      cwd: root,
      env: composeEnv,
    });
    expect(stdout + stderr).toBe("");
  });

  it("refuses to run without POSTGRES_PASSWORD, naming the variable", async () => {
    const { POSTGRES_PASSWORD: _, ...withoutPassword } = composeEnv;
    await expect(
      run(dockerCompose, ["-f", composeFile, "config", "-q"], { cwd: root, env: withoutPassword }),
    ).rejects.toMatchObject({ stderr: expect.stringContaining("set POSTGRES_PASSWORD") });
  });

  it("has no top-level name (v1 rejects it)", () => {
    const source = z.record(z.string(), z.unknown()).parse(parse(readFileSync(composeFile, "utf8")));
    expect(Object.keys(source)).not.toContain("name");
  });
});

describe("dclint", () => {
  it("finds no problem in infra/compose.yaml", async () => {
    const bin = path.join(path.dirname(require.resolve("dclint/package.json")), "bin", "dclint.cjs");
    const config = path.join(__dirname, "..", "dclint.json");
    const { stdout } = await run(process.execPath, [bin, "-c", config, "-f", "json", composeFile], {
      cwd: root,
    });
    const results = z
      .array(z.object({ messages: z.array(z.object({ rule: z.string(), message: z.string() })) }))
      .parse(JSON.parse(stdout));
    expect(results).toHaveLength(1);
    expect(results[0]!.messages).toEqual([]);
  });
});

describe("the resolved compose file", () => {
  let services: Record<string, Service>;
  beforeAll(async () => {
    services = await resolved();
  });

  it("runs Postgres, Redis and the five CatSyphon services", () => {
    expect(Object.keys(services).sort()).toEqual([...catsyphonServices, "postgres", "redis"].sort());
  });

  it("keeps Redis durable (AOF) and never evicts queued jobs", () => {
    const command = services.redis!.command!.join(" ");
    expect(command).toContain("--appendonly yes");
    expect(command).toContain("--maxmemory-policy noeviction");
  });

  it.each(catsyphonServices)(
    "%s: built from its Dockerfile, unprivileged, read-only, with an init",
    (name) => {
      const s = services[name]!;
      expect(s.image).toMatch(/^localhost\/catsyphon-[a-z]+:latest$/);
      expect(existsSync(path.join(s.build!.context, s.build!.dockerfile))).toBe(true);
      expect(Number(s.user!.split(":")[0])).toBeGreaterThan(0);
      expect(s.read_only).toBe(true);
      expect(s.tmpfs!.some((mount) => mount.startsWith("/tmp"))).toBe(true);
      expect(s.init).toBe(true);
      expect(s.cap_drop).toEqual(["ALL"]);
    },
  );

  it("runs migrate once, after Postgres is healthy", () => {
    expect(services.migrate!.restart).toBe("no");
    expect(services.migrate!.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
  });

  it.each(longRunning)("%s: waits for migrate to finish, restarts, and has a /ready health check", (name) => {
    const s = services[name]!;
    expect(s.depends_on).toMatchObject({
      migrate: { condition: "service_completed_successfully" },
      postgres: { condition: "service_healthy" },
      redis: { condition: "service_healthy" },
    });
    expect(s.restart).toBe("unless-stopped");
    expect(s.healthcheck!.test.join(" ")).toMatch(/^CMD node -e .*\/ready/);
  });

  it.each(longRunning)("%s: its health check asks the port the service listens on", (name) => {
    const s = services[name]!;
    const portVariables = ["INGEST_API_PORT", "WORKER_HEALTH_PORT", "TAGGER_HEALTH_PORT", "WEB_PORT"];
    const ports = portVariables.filter((v) => s.environment[v] != null).map((v) => s.environment[v]);
    expect(ports).toHaveLength(1);
    expect(s.healthcheck!.test.join(" ")).toContain(`127.0.0.1:${ports[0]}/ready`);
  });

  it("publishes only the ingest API and the dashboard", () => {
    const published = Object.entries(services)
      .filter(([, s]) => (s.ports ?? []).length > 0)
      .map(([name]) => name);
    expect(published.sort()).toEqual(["ingest-api", "web"]);
  });

  it("gives each secret only to the services that use it", () => {
    const holders = (variable: string) =>
      Object.entries(services)
        .filter(([, s]) => variable in s.environment)
        .map(([name]) => name)
        .sort();
    expect(holders("OPENAI_API_KEY")).toEqual(["tagger"]);
    expect(holders("CATSYPHON_ADMIN_TOKEN")).toEqual(["ingest-api"]);
    expect(holders("CATSYPHON_INIT_ADMIN_PASSWORD")).toEqual(["web"]);
    expect(holders("DATABASE_URL")).toEqual(catsyphonServices.slice().sort());
  });
});

describe(".env.example", () => {
  it("documents every variable infra/compose.yaml reads", () => {
    const compose = readFileSync(composeFile, "utf8");
    const example = readFileSync(path.join(root, ".env.example"), "utf8");
    const used = [...new Set([...compose.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]!))];
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z0-9_]+)=/gm)].map((m) => m[1]!));
    expect(used.filter((v) => !documented.has(v))).toEqual([]);
  });
});
