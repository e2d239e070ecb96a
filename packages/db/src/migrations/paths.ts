import path from "node:path";

// prisma/ sits at the repository root, two levels above this package.
const prismaDir = path.resolve(__dirname, "..", "..", "..", "..", "prisma");

export const schemaPath = path.join(prismaDir, "schema.prisma");
export const migrationsDir = path.join(prismaDir, "migrations");
