// `node --import tsx tooling/build/src/cli/bundle.ts <target>`: what an app's `build` script runs.
import { bundleService } from "../bundle-service";
import { bundleTargets, isBundleTarget } from "../targets";

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !isBundleTarget(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(
      `usage: bundle <${Object.keys(bundleTargets).join("|")}>... (unknown: ${unknown.join(", ")})`,
    );
  }
  for (const name of names.filter(isBundleTarget)) {
    const started = performance.now();
    const result = await bundleService(bundleTargets[name]);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const megabytes = (result.bytes / 1e6).toFixed(1);
    process.stdout.write(
      `${name}: ${result.file} (${megabytes} MB from ${result.inputs} files, ${seconds} s)\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
