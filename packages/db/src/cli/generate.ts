// `pnpm db:generate`: runs `prisma generate` (client into src/generated, never into node_modules), offline.
//
// Skips the run when the client was already generated from this exact schema by this Prisma version: every turbo
// task (lint, typecheck, test) depends on db:generate, and regenerating empties the output folder for a moment, so
// a test process that boots then would find half a client. `--force` regenerates anyway.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { prismaGenerateEnv } from "../env/generate";

const packageDir = path.join(__dirname, "..", "..");
const schemaFile = path.join(packageDir, "..", "..", "prisma", "schema.prisma");
const generatedClient = path.join(packageDir, "src", "generated", "prisma", "client.ts");
const stampFile = path.join(packageDir, "src", "generated", "prisma.stamp");

function schemaStamp(): string {
  const prismaVersion = (
    JSON.parse(readFileSync(require.resolve("prisma/package.json", { paths: [packageDir] }), "utf8")) as {
      version: string;
    }
  ).version;
  return createHash("sha256")
    .update(`prisma ${prismaVersion}\n`)
    .update(readFileSync(schemaFile))
    .digest("hex");
}

const force = process.argv.includes("--force");
const stamp = schemaStamp();
if (
  !force &&
  existsSync(generatedClient) &&
  existsSync(stampFile) &&
  readFileSync(stampFile, "utf8") === stamp
) {
  console.log("Prisma client is up to date with prisma/schema.prisma (use --force to regenerate)");
  process.exit(0);
}

const result = spawnSync("prisma", ["generate"], {
  cwd: packageDir,
  stdio: "inherit",
  env: prismaGenerateEnv(),
});
if (result.status === 0) writeFileSync(stampFile, stamp);
process.exit(result.status ?? 1);
