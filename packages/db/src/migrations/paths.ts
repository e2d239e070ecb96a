import { existsSync } from "node:fs";
import path from "node:path";

// In the source tree prisma/ sits at the repository root, two levels above this package. The built migration
// runner (packages/db/dist/migrate.mjs) carries its own copy beside itself, so it runs without the repository.
const bundledPrismaDir = path.join(__dirname, "prisma");
const prismaDir = existsSync(path.join(bundledPrismaDir, "schema.prisma"))
  ? bundledPrismaDir
  : path.resolve(__dirname, "..", "..", "..", "..", "prisma");

export const schemaPath = path.join(prismaDir, "schema.prisma");
export const migrationsDir = path.join(prismaDir, "migrations");
