import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "@jest/globals";
import { bundleService } from "../src/bundle-service";
import { copyPackage } from "../src/copy-package";

const scratch = mkdtemp(path.join(os.tmpdir(), "catsyphon-bundle-"));

afterAll(async () => {
  await rm(await scratch, { recursive: true, force: true });
});

describe("bundleService", () => {
  it("writes one ESM bundle and its map that plain node runs from anywhere, with __dirname its own folder", async () => {
    const outdir = path.join(await scratch, "service");
    await writeFile(path.join(await scratch, "stale-marker"), "");
    const result = await bundleService({
      entry: path.join(__dirname, "fixtures", "report-location.ts"),
      outdir,
      copyAssets: [{ from: path.join(await scratch, "stale-marker"), to: "assets/marker" }],
    });
    expect(result.file).toBe(path.join(outdir, "main.mjs"));
    expect(existsSync(path.join(outdir, "main.mjs.map"))).toBe(true);
    expect(existsSync(path.join(outdir, "assets", "marker"))).toBe(true);
    expect(await readFile(result.file, "utf8")).toContain("//# sourceMappingURL=main.mjs.map");

    const run = spawnSync(process.execPath, ["--enable-source-maps", result.file], {
      cwd: os.tmpdir(),
      env: { PATH: process.env.PATH ?? "" },
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ dirname: outdir, filename: "main.mjs", port: 6543 });
  });

  it("empties the output folder first, unless told to keep it", async () => {
    const outdir = path.join(await scratch, "kept");
    const entry = path.join(__dirname, "fixtures", "report-location.ts");
    await bundleService({ entry, outdir, name: "first" });
    await bundleService({ entry, outdir, name: "second", keepOutdir: true });
    expect(existsSync(path.join(outdir, "first.mjs"))).toBe(true);
    await bundleService({ entry, outdir, name: "third" });
    expect(existsSync(path.join(outdir, "first.mjs"))).toBe(false);
    expect(existsSync(path.join(outdir, "third.mjs"))).toBe(true);
  });
});

describe("copyPackage", () => {
  it("copies a package without dependencies as plain files", async () => {
    const target = path.join(await scratch, "node_modules");
    await copyPackage(
      "@prisma/schema-engine-wasm",
      path.join(__dirname, "..", "..", "..", "packages", "db"),
      target,
    );
    const wasm = path.join(target, "@prisma", "schema-engine-wasm", "schema_engine_bg.wasm");
    expect(existsSync(wasm)).toBe(true);
  });

  it("refuses a package with dependencies (those belong in the bundle)", async () => {
    await expect(copyPackage("pg", __dirname, path.join(await scratch, "refused"))).rejects.toThrow(
      /pg has dependencies/,
    );
  });
});
