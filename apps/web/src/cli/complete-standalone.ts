// `node --import tsx src/cli/complete-standalone.ts`: completes .next/standalone after a `next build` (see
// standalone.ts); build-if-stale runs it after every build, so no build leaves a tree without its start.mjs.
import { completeStandalone } from "./standalone";

completeStandalone().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
