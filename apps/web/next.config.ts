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
  // Loaded by Node at run time instead of bundled: the Prisma runtime and pg driver, pino, ioredis,
  // BullMQ (for enqueueing tagging requests).
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "pino", "ioredis", "bullmq"],
  // `pnpm typecheck` (tsc over src and test) is the type check; doing it again in every build costs ~30 s of CPU.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
