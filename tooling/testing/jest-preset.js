// Shared Jest preset: TypeScript through SWC (CommonJS output), Node environment, one migrated
// template database prepared once per run (global-setup), cloned per test file by the helpers.
const path = require("node:path");

// ES-module-only dependencies that Jest's CommonJS runtime cannot require as they are; SWC compiles them too.
const esmOnlyPackages = ["@prisma/schema-engine-wasm", "chokidar", "readdirp"];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  testMatch: ["<rootDir>/src/**/*.test.ts", "<rootDir>/test/**/*.test.ts"],
  transform: {
    "^.+\\.(t|j)sx?$": [
      require.resolve("@swc/jest"),
      {
        jsc: { parser: { syntax: "typescript" }, target: "es2023" },
        module: { type: "commonjs" },
        sourceMaps: "inline",
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!.*(${esmOnlyPackages.join("|")})/)`],
  globalSetup: path.join(__dirname, "src/global-setup.ts"),
  testTimeout: 60_000,
  maxWorkers: "50%",
  // Once (of several full runs) the ingest API's Jest stayed alive after its last test with one socket open, which
  // would hold CI until its 90-minute limit: once every test file has finished and cleaned up, the run ends.
  forceExit: true,
};
