// The built web app's entry (`node --enable-source-maps .next/standalone/apps/web/start.mjs`; bundled there by
// `pnpm --filter @catsyphon/web build`): the same process as start.ts, serving the standalone tree it sits in, and
// never building (a built image has no sources to build from).
import { runWebService } from "./web-service";

runWebService({
  // In the bundle __dirname is the folder of start.mjs: the standalone copy of apps/web.
  appDir: __dirname,
  startFailureHint: "is Postgres reachable and migrated (node packages/db/dist/migrate.mjs)?",
});
