// `pnpm db:generate`: runs `prisma generate` (client into src/generated, never into node_modules), offline.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { prismaGenerateEnv } from "../env/generate";

const result = spawnSync("prisma", ["generate"], {
  cwd: path.join(__dirname, "..", ".."),
  stdio: "inherit",
  env: prismaGenerateEnv(),
});
process.exit(result.status ?? 1);
