import path from "node:path";
import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages are TypeScript source (decision 0001): Next compiles them like the app's own files.
  transpilePackages: [
    "@catsyphon/accounts",
    "@catsyphon/config",
    "@catsyphon/db",
    "@catsyphon/logger",
    "@catsyphon/protocol",
    "@catsyphon/queue",
  ],
  // Loaded by Node at run time instead of bundled: the Prisma runtime and pg driver, pino, ioredis, BullMQ.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "pino", "ioredis", "bullmq"],
  // `pnpm typecheck` (tsc over src and test) is the type check; doing it again in every build costs ~30 s of CPU.
  typescript: { ignoreBuildErrors: true },
  // A self-contained server tree in .next/standalone (decision 0056): what the container image ships. Traced from the
  // repository root, so the workspace packages and pnpm's node_modules layout come along.
  output: "standalone",
  outputFileTracingRoot: path.join(__dirname, "..", ".."),
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
