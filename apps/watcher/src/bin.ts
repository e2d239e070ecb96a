// The entry of the published `catsyphon` command (bundled to dist/catsyphon.mjs, decision 0059). The Node version
// check is the first import, so an old Node stops there with one line instead of failing inside a dependency; the
// CLI itself is loaded after the relaunch with the parsing flags (the bundle keeps that import lazy).
import "@catsyphon/config/node-version";

import { relaunchWithParsingFlags } from "./relaunch";

relaunchWithParsingFlags();
await import("./cli");
