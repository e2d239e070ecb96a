// The npm package @catsyphon/sdk as a user gets it: built, packed by `npm pack`, installed with npm into a project
// of its own outside the repository, imported from a plain Node ES module that sends a session to the real ingest
// API, and type-checked by tsc against its bundled declarations.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  createNpmHome,
  importedModules,
  installedPackage,
  npm,
  npmPack,
  type PackResult,
  publishProblems,
  run,
  type WrittenPackage,
} from "@catsyphon/npm-package";
import { type IngestApiProcess, repoRoot, startIngestApiProcess } from "@catsyphon/testing";

import { SDK_DIR, writeSdkNpmPackage } from "../scripts/npm-package";

// Building the declarations type-checks the SDK twice, and npm and tsc start cold: minutes on a busy CI machine.
const SETUP_TIMEOUT_MS = 600_000;
const TEST_TIMEOUT_MS = 120_000;

let work: string;
let written: WrittenPackage;
let packed: PackResult;
let project: string;
let installed: string;
let api: IngestApiProcess;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "catsyphon-sdk-npm-"));
  const home = await createNpmHome(path.join(work, "npm-home"));
  [written, api] = await Promise.all([
    writeSdkNpmPackage(path.join(work, "package")),
    startIngestApiProcess({ label: "sdk npm package" }),
  ]);
  packed = await npmPack(written.dir, path.join(work, "tarballs"), home);
  // zod from the copy installed here (the lockfile's version), so that the install needs no registry. npm cannot
  // pack it inside pnpm's store, so from a copy.
  const zodCopy = path.join(work, "zod");
  await cp(installedPackage(SDK_DIR, "zod").dir, zodCopy, { recursive: true, dereference: true });
  const zod = await npmPack(zodCopy, path.join(work, "tarballs"), home, { ignoreScripts: true });
  project = path.join(work, "consumer");
  await mkdir(project);
  await writeFile(
    path.join(project, "package.json"),
    JSON.stringify({ name: "sdk-consumer", version: "1.0.0", private: true, type: "module" }),
  );
  await npm(["install", "--offline", "--no-package-lock", packed.tarball, zod.tarball], {
    cwd: project,
    home,
  });
  installed = path.join(project, "node_modules", "@catsyphon", "sdk");
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await api?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("the tarball", () => {
  it("holds only dist, the README and package.json", () => {
    const paths = packed.files.map((file) => file.path).sort();
    expect(paths).toEqual(
      ["README.md", "dist/index.d.ts", "dist/index.js", "dist/index.js.map", "package.json"].sort(),
    );
    expect(packed.name).toBe("@catsyphon/sdk");
  });

  it("has a package.json installable from the registry: no workspace or catalog specifiers, zod as a dependency", async () => {
    const text = await readFile(path.join(installed, "package.json"), "utf8");
    const manifest = JSON.parse(text) as Record<string, unknown>;
    expect(text).not.toMatch(/workspace:|catalog:/);
    expect(publishProblems(manifest)).toEqual([]);
    const zodVersion = installedPackage(SDK_DIR, "zod").version;
    const own = JSON.parse(await readFile(path.join(SDK_DIR, "package.json"), "utf8")) as { version: string };
    expect(manifest).toMatchObject({
      name: "@catsyphon/sdk",
      version: own.version,
      type: "module",
      license: "MIT",
      files: ["dist"],
      engines: { node: expect.stringMatching(/^>=\d+\.\d+\.\d+$/) },
      dependencies: { zod: `^${zodVersion}` },
      exports: { ".": { types: "./dist/index.d.ts", import: "./dist/index.js" } },
    });
    expect(manifest).not.toHaveProperty("private");
    expect(manifest).not.toHaveProperty("scripts");
    expect(manifest).not.toHaveProperty("devDependencies");
  });

  it("bundles @catsyphon/protocol into code and types, leaving only zod to import", async () => {
    const code = await readFile(path.join(installed, "dist", "index.js"), "utf8");
    const declarations = await readFile(path.join(installed, "dist", "index.d.ts"), "utf8");
    const imports = [...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((match) => match[1]);
    expect(new Set(imports)).toEqual(new Set(["zod"]));
    expect(code).not.toContain("@catsyphon/");
    expect(importedModules(declarations)).toEqual(["zod"]);
    // The wire types the SDK re-exports from the protocol are declared in the file itself.
    expect(declarations).toMatch(/export type SessionStatus = /);
  });

  it("has a source map of the SDK and protocol sources only, naming no folder of the machine that built it", async () => {
    const map = JSON.parse(await readFile(path.join(installed, "dist", "index.js.map"), "utf8")) as {
      sources: string[];
      sourcesContent: (string | null)[];
    };
    expect(map.sources.length).toBeGreaterThan(5);
    for (const source of map.sources) {
      expect(source).toMatch(/^packages\/(sdk|protocol)\/(src\/[\w/-]+\.ts|package\.json)$/);
    }
    const text = JSON.stringify(map);
    expect(text).not.toContain(repoRoot());
    expect(text).not.toContain(work);
    expect(text).not.toMatch(/workspace:\*/);
  });

  it("has the npm README: install instructions, without the parts about this repository", async () => {
    const readme = await readFile(path.join(installed, "README.md"), "utf8");
    expect(readme).toContain("npm install @catsyphon/sdk");
    expect(readme).toContain("new CatSyphonClient(");
    expect(readme).not.toContain("workspace-only");
    expect(readme).not.toContain("## Tests");
  });
});

describe("installed from the tarball", () => {
  it(
    "works from a plain Node ES module: validates locally, sends a session to the real ingest API",
    async () => {
      const sessionId = `npm-consumer-${Date.now()}`;
      await writeFile(
        path.join(project, "send.mjs"),
        `import { CatSyphonClient, CatSyphonValidationError, registerCollector, SDK_VERSION } from "@catsyphon/sdk";

const [serverUrl, adminToken, sessionId] = process.argv.slice(2);
const credentials = await registerCollector({
  serverUrl, adminToken, collector_type: "npm-consumer", collector_version: "1.0.0", hostname: "npm-test",
});
const client = new CatSyphonClient({ serverUrl, apiKey: credentials.api_key, collectorId: credentials.collector_id });
const session = client.session(sessionId);
let refused = [];
try {
  session.message({ author_role: "nobody", message_type: "prompt", content: "never sent" });
} catch (error) {
  if (!(error instanceof CatSyphonValidationError)) throw error;
  refused = error.issues.map((issue) => issue.path);
}
session.start({ agent_type: "claude-code", agent_version: "2.1.0", working_directory: "/home/alice/project" });
session.message({ author_role: "human", message_type: "prompt", content: "hello from npm" });
session.end({ outcome: "success", summary: "sent by the npm package" });
await session.flush();
const status = await client.getSession(sessionId);
await client.close();
console.log(JSON.stringify({ version: SDK_VERSION, refused, lastSequence: status?.last_sequence }));
`,
      );
      const result = await run(process.execPath, ["send.mjs", api.url, api.adminToken, sessionId], {
        cwd: project,
        env: { PATH: path.dirname(process.execPath) },
      });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({
        version: written.manifest.version,
        refused: ["data.author_role"],
        lastSequence: 3,
      });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "type-checks a TypeScript consumer against its declarations, and refuses a wrong one",
    async () => {
      const compilerOptions = {
        module: "nodenext",
        moduleResolution: "nodenext",
        target: "es2022",
        lib: ["es2023", "dom"],
        types: [],
        strict: true,
        noEmit: true,
        // The package's own declarations are checked too.
        skipLibCheck: false,
      };
      await writeFile(
        path.join(project, "good.ts"),
        `import { CatSyphonClient, CatSyphonApiError, type MessageInput, type SessionStatus } from "@catsyphon/sdk";

const client = new CatSyphonClient({
  serverUrl: "http://127.0.0.1:8000",
  apiKey: "cs_test_0123456789abcdefghijklmnopqrstuv",
  collectorId: "7d2b6c1e-3f4a-4b5c-8d9e-0f1a2b3c4d5e",
});
const prompt: MessageInput = { author_role: "human", message_type: "prompt", content: "hi" };
const sequence: number = client.session("typed-session").message(prompt);
const status: Promise<SessionStatus | null> = client.getSession("typed-session");
const isApiError = (error: unknown): number | undefined => (error instanceof CatSyphonApiError ? error.status : undefined);
export { sequence, status, isApiError };
`,
      );
      await writeFile(
        path.join(project, "bad.ts"),
        `import { CatSyphonClient } from "@catsyphon/sdk";

export const client = new CatSyphonClient({ serverUrl: 8000, apiKey: "k", collectorId: "c" });
`,
      );
      await writeFile(
        path.join(project, "tsconfig.json"),
        JSON.stringify({ compilerOptions, files: ["good.ts"] }),
      );
      await writeFile(
        path.join(project, "tsconfig.bad.json"),
        JSON.stringify({ compilerOptions, files: ["bad.ts"] }),
      );
      const tsc = require.resolve("typescript/bin/tsc");
      const env = { PATH: path.dirname(process.execPath) };
      const [good, bad] = await Promise.all([
        run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: project, env }),
        run(process.execPath, [tsc, "-p", "tsconfig.bad.json"], { cwd: project, env }),
      ]);
      expect(good.stdout).toBe("");
      expect(good.code).toBe(0);
      expect(bad.code).not.toBe(0);
      expect(bad.stdout).toMatch(
        /bad\.ts\(3,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/,
      );
    },
    TEST_TIMEOUT_MS,
  );
});
