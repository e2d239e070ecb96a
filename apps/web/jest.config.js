const path = require("node:path");

// The shared preset, with a global setup that also builds the app once for the tests' servers (test/global-setup.ts).
module.exports = {
  preset: "@catsyphon/testing",
  globalSetup: path.join(__dirname, "test/global-setup.ts"),
  // Every test file starts a server of its own; two at a time keep a two-core machine responsive.
  maxWorkers: 2,
  // A server start on a loaded CI machine (every package testing at once) can take a while.
  testTimeout: 120_000,
  // "server-only" throws outside Next's server bundles; tests that call a feature's queries in-process need it empty.
  moduleNameMapper: { "^server-only$": path.join(__dirname, "test/support/server-only.js") },
};
