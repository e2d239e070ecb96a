// What `pnpm build` bundles, and where (the layout the container images are built on: decision 0055).
import path from "node:path";
import { type BundleServiceOptions } from "./bundle-service";
import { REPO_ROOT } from "./outputs";

const at = (...segments: string[]) => path.join(REPO_ROOT, ...segments);

// The schema engine's glue reads its .wasm file beside itself at run time, so it ships as a package.
const SCHEMA_ENGINE = "@prisma/schema-engine-wasm";

export const bundleTargets = {
  "ingest-api": { entry: at("apps/ingest-api/src/main.ts"), outdir: at("apps/ingest-api/dist") },
  "ingest-worker": { entry: at("apps/ingest-worker/src/main.ts"), outdir: at("apps/ingest-worker/dist") },
  tagger: { entry: at("apps/tagger/src/main.ts"), outdir: at("apps/tagger/dist") },
  // `pnpm db:migrate` without the workspace: the migrations and the schema travel beside the bundle.
  migrate: {
    entry: at("packages/db/src/cli/migrate.ts"),
    outdir: at("packages/db/dist"),
    name: "migrate",
    externalPackages: [SCHEMA_ENGINE],
    copyAssets: [
      { from: at("prisma/migrations"), to: "prisma/migrations" },
      { from: at("prisma/schema.prisma"), to: "prisma/schema.prisma" },
    ],
  },
} satisfies Record<string, BundleServiceOptions>;

export type BundleTargetName = keyof typeof bundleTargets;

export function isBundleTarget(name: string): name is BundleTargetName {
  return Object.hasOwn(bundleTargets, name);
}
