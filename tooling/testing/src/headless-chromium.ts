// A real headless Chromium for browser tests, driven by playwright-core (which downloads no browser: it uses the
// one installed from Debian's packages, or CHROMIUM_PATH).
import { existsSync } from "node:fs";

import { type Browser, chromium } from "playwright-core";

import { testEnv } from "./env";

/**
 * Flags for a sandboxed CI machine: no GPU, no sandbox (tests run as root), and no background connections to
 * Google's services, which a closed network refuses many at a time.
 */
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchHeadlessChromium(): Promise<Browser> {
  const executablePath = testEnv.CHROMIUM_PATH;
  if (!existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath}: install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  // A loaded CI machine (every package's tests at once) can take far longer than Playwright's 30 s default.
  return chromium.launch({ executablePath, headless: true, args: FLAGS, timeout: 120_000 });
}
