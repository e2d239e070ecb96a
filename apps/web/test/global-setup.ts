// Jest global setup of the web app: the migrated template database (as for every package), and a production build
// of the app for the tests' servers, made once and reused while its inputs are unchanged (decision 0032).
import { ensureTemplateDatabase } from "@catsyphon/testing";
import { buildIfStale } from "../src/cli/build-if-stale";

export default async function globalSetup(): Promise<void> {
  buildIfStale();
  await ensureTemplateDatabase();
}
