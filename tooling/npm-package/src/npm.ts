// Runs the npm client as a user outside this repository would: in a folder of its own, with a private cache and
// empty user and global configs (never the caller's ~/.npmrc and whatever credentials it holds), and with the node
// that runs this process first on PATH.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { z } from "zod";

import { hostPath } from "./env";

export interface NpmHome {
  /** Stands for the user's home: holds the npm cache and empty user and global npmrc files. */
  dir: string;
}

export async function createNpmHome(dir: string): Promise<NpmHome> {
  await mkdir(path.join(dir, "cache"), { recursive: true });
  await writeFile(path.join(dir, "npmrc"), "");
  await writeFile(path.join(dir, "global-npmrc"), "");
  return { dir };
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** PATH for a child that must run under this process's Node (npm's and the CLI's `#!/usr/bin/env node`). */
export function pathWithThisNode(extra: readonly string[] = []): string {
  return [...extra, path.dirname(process.execPath), hostPath()].join(path.delimiter);
}

export function npmEnvironment(home: NpmHome): Record<string, string> {
  return {
    PATH: pathWithThisNode(),
    HOME: home.dir,
    npm_config_cache: path.join(home.dir, "cache"),
    npm_config_userconfig: path.join(home.dir, "npmrc"),
    npm_config_globalconfig: path.join(home.dir, "global-npmrc"),
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
    npm_config_loglevel: "warn",
  };
}

export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** `npm <args>`; rejects with its output unless it exits 0. */
export async function npm(args: readonly string[], options: { cwd: string; home: NpmHome }): Promise<string> {
  const result = await run("npm", args, { cwd: options.cwd, env: npmEnvironment(options.home) });
  if (result.code !== 0) {
    throw new Error(`npm ${args.join(" ")} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

const packResultSchema = z
  .array(
    z.object({
      name: z.string(),
      version: z.string(),
      filename: z.string(),
      size: z.number(),
      unpackedSize: z.number(),
      files: z.array(z.object({ path: z.string(), size: z.number(), mode: z.number() })),
    }),
  )
  .length(1);
export type PackResult = z.infer<typeof packResultSchema>[number] & { tarball: string };

/** `npm pack` of the package folder `dir` into `destination`: the tarball and what npm says it holds. */
export async function npmPack(
  dir: string,
  destination: string,
  home: NpmHome,
  options: { ignoreScripts?: boolean } = {},
): Promise<PackResult> {
  await mkdir(destination, { recursive: true });
  const args = ["pack", dir, "--json", "--pack-destination", destination];
  if (options.ignoreScripts) args.push("--ignore-scripts");
  const stdout = await npm(args, { cwd: destination, home });
  const [result] = packResultSchema.parse(JSON.parse(stdout));
  if (!result) throw new Error("npm pack printed no result");
  return { ...result, tarball: path.join(destination, result.filename) };
}

/** `npm pack` as a maintainer would run it before `npm publish`, with a throwaway npm home. */
export async function packForPublishing(dir: string, destination: string): Promise<PackResult> {
  const home = await mkdtemp(path.join(tmpdir(), "catsyphon-npm-"));
  try {
    return await npmPack(dir, destination, await createNpmHome(home));
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
