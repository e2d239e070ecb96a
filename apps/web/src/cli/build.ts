// `pnpm --filter @catsyphon/web build`: the production build, skipped when the sources have not changed since the
// last one, then the standalone tree completed (start.mjs, static assets). Going through buildIfStale (not a bare
// `next build`) records the inputs' digest, so the start script knows the build is current and does not build again.
import { buildIfStale } from "./build-if-stale";
import { completeStandalone } from "./standalone";

async function main(): Promise<void> {
  if (!buildIfStale((message) => process.stdout.write(`${message}\n`))) {
    process.stdout.write("the web app's build is current (its sources have not changed)\n");
  }
  const start = await completeStandalone();
  process.stdout.write(`standalone server: ${start.file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
