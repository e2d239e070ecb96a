import { ensureTemplateDatabase } from "./template-database";

/** Jest globalSetup: prepares the migrated template database once per Jest run. */
export default async function globalSetup(): Promise<void> {
  await ensureTemplateDatabase();
}
