import { z } from "zod";

// Where the tests find Postgres and Redis. The Postgres URL is an administrative connection: test databases
// are created and dropped through it (trust auth as `postgres` on the development machines and in CI).
const testEnvSchema = z.object({
  TEST_DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/postgres"),
  TEST_REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  // The Chromium that browser tests drive (Debian's package: `apt-get install chromium`).
  CHROMIUM_PATH: z.string().min(1).default("/usr/bin/chromium"),
});

export const testEnv = testEnvSchema.parse({
  TEST_DATABASE_URL: process.env.TEST_DATABASE_URL || undefined,
  TEST_REDIS_URL: process.env.TEST_REDIS_URL || undefined,
  CHROMIUM_PATH: process.env.CHROMIUM_PATH || undefined,
});

/** The environment handed to a child process the test infrastructure starts, with overrides laid over it. */
export function childProcessEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
