import { randomBytes } from "node:crypto";
import { testEnv } from "./env";
import { quoteIdentifier, withAdminClient, withDatabase } from "./postgres";
import { ensureTemplateDatabase } from "./template-database";

export interface TestDatabase {
  name: string;
  /** Connection URL of this test file's own, fully migrated database. */
  url: string;
  drop(): Promise<void>;
}

/** A fresh migrated database cloned from the template; drop it when the test file is done. */
export async function createTestDatabase(label = "test"): Promise<TestDatabase> {
  const template = await ensureTemplateDatabase();
  const safeLabel = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .slice(0, 24);
  const name = `catsyphon_test_${safeLabel}_${randomBytes(5).toString("hex")}`;
  const adminUrl = testEnv.TEST_DATABASE_URL;
  await withAdminClient(adminUrl, async (client) => {
    // Cloning fails while anything is connected to the template; that only happens for a moment while
    // another process checks it, so retry briefly.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await client.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(template)}`);
        return;
      } catch (error) {
        if (attempt >= 20 || (error as { code?: string }).code !== "55006") throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: () =>
      withAdminClient(adminUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      }),
  };
}
