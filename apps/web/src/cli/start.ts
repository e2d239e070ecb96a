// `pnpm --filter @catsyphon/web start`: the production server from the source tree, building the app first when
// its sources changed since the last build (what `pnpm start` and the tests run; see web-service.ts).
import path from "node:path";
import { buildIfStale } from "./build-if-stale";
import { runWebService } from "./web-service";

runWebService({
  appDir: path.resolve(__dirname, "..", ".."),
  prepare: (log) => {
    if (buildIfStale(log)) log("built the web app");
  },
  startFailureHint:
    "is Postgres reachable and migrated (pnpm db:migrate), and has `pnpm --filter @catsyphon/web build` run?",
});
