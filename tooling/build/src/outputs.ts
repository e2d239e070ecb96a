// Where `pnpm build` leaves each deployable, and the file plain node runs in it (the layout of decision 0055).
import path from "node:path";

export interface BuiltOutput {
  /** The self-contained folder, relative to the repository root. */
  dir: string;
  /** What `node --enable-source-maps` runs, relative to `dir`. */
  entry: string;
  /** The package whose `build` script writes it. */
  packageName: string;
}

export const builtOutputs = {
  "ingest-api": { dir: "apps/ingest-api/dist", entry: "main.mjs", packageName: "@catsyphon/ingest-api" },
  "ingest-worker": {
    dir: "apps/ingest-worker/dist",
    entry: "main.mjs",
    packageName: "@catsyphon/ingest-worker",
  },
  tagger: { dir: "apps/tagger/dist", entry: "main.mjs", packageName: "@catsyphon/tagger" },
  web: { dir: "apps/web/.next/standalone", entry: "apps/web/start.mjs", packageName: "@catsyphon/web" },
  migrate: { dir: "packages/db/dist", entry: "migrate.mjs", packageName: "@catsyphon/db" },
} satisfies Record<string, BuiltOutput>;

export type BuiltOutputName = keyof typeof builtOutputs;

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
