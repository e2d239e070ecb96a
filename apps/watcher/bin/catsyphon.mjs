#!/usr/bin/env node
// The `catsyphon` command in this repository: runs the TypeScript CLI through tsx (the published package runs a
// bundle of the same code instead: src/bin.ts). The Node version check is the only static import (it runs before
// anything else loads); the rest is loaded dynamically, so an old Node stops there with one line instead of
// failing inside a dependency. src/relaunch.ts says why the process may replace itself before the CLI starts.
import "@catsyphon/config/node-version";

const { register } = await import("tsx/esm/api");
register();
const { relaunchWithParsingFlags } = await import("../src/relaunch.ts");
relaunchWithParsingFlags();
await import("../src/cli.ts");
