#!/usr/bin/env node
// The `catsyphon` command: runs the TypeScript CLI through tsx (the monorepo ships TypeScript sources). The CLI
// parses big session logs, so it runs with the Node flags that keep that within its memory budget (from
// @catsyphon/parsers, where bench:parse measures under the same flags). Started without them, this process
// replaces itself with one that has them: same pid, so signals and the exit status reach the CLI as they are.
// Where Node cannot replace a process (no process.execve: Windows), the CLI runs with Node's defaults.
// The Node version check is the only static import (it runs before anything else loads); the rest is loaded
// dynamically, so an old Node stops there with one line instead of failing inside a dependency.
import "@catsyphon/config/node-version";

const { register } = await import("tsx/esm/api");
register();
const { missingProcessFlags } = await import("@catsyphon/parsers/process-flags");
// eslint-disable-next-line no-restricted-properties -- Node's own option variable, read before the CLI's env module.
const missing = missingProcessFlags(process.execArgv, process.env.NODE_OPTIONS);
if (missing.length > 0 && typeof process.execve === "function") {
  process.execve(process.execPath, [
    process.execPath,
    ...missing,
    ...process.execArgv,
    ...process.argv.slice(1),
  ]);
}
await import("../src/cli.ts");
