// Prisma CLI configuration. The schema and migrations live at the repository root (prisma/); this file points
// the CLI at them. `prisma migrate deploy` (native engine, where available) agrees with `pnpm db:migrate`.
import path from "node:path";
import { defineConfig } from "prisma/config";

const root = path.join(__dirname, "..", "..", "prisma");

export default defineConfig({
  schema: path.join(root, "schema.prisma"),
  migrations: { path: path.join(root, "migrations") },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/catsyphon" },
});
