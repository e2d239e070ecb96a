// Loaded first by every entry point (`node --require @catsyphon/config/node-version ...`, or the first import of
// a bin file). On an older Node the code base fails deep inside a dependency (e.g. ERR_REQUIRE_CYCLE_MODULE on
// Node 20), so this says what is wrong in one line instead. Plain CommonJS without dependencies: any Node runs it.
"use strict";

// Keep in step with "engines" in the root package.json (a test checks it).
const REQUIRED = [22, 22, 0];

/** Whether a version string such as "22.22.0" is at least REQUIRED. */
function isSupportedNodeVersion(version) {
  const parts = String(version).split(".").map(Number);
  for (let i = 0; i < REQUIRED.length; i += 1) {
    const part = parts[i] || 0;
    if (part !== REQUIRED[i]) return part > REQUIRED[i];
  }
  return true;
}

const requiredNodeVersion = REQUIRED.join(".");

if (!isSupportedNodeVersion(process.versions.node)) {
  process.stderr.write(
    "catsyphon needs Node >= " +
      REQUIRED.slice(0, 2).join(".") +
      " (this is " +
      process.version +
      "); see README\n",
  );
  process.exit(1);
}

module.exports = { isSupportedNodeVersion, requiredNodeVersion };
