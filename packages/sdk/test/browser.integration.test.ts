// The SDK in a real headless Chromium, bundled for the browser by esbuild and loaded by a page from an origin of its
// own: it calls the real ingest API across origins (CORS preflights, exposed Retry-After), as a browser collector
// would.
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type CollectorCredentials } from "@catsyphon/protocol";
import {
  type Browser,
  type IngestApiProcess,
  launchHeadlessChromium,
  type Page,
  serveStaticFiles,
  startIngestApiProcess as startIngestApi,
  type StaticFilesServer,
} from "@catsyphon/testing";
import { build } from "esbuild";

import type * as Sdk from "../src";
import { CatSyphonClient } from "../src";
import { newSessionId, registerTestCollector } from "./support";

// Generous: CI runs every package's tests at once, and starting Chromium and the API then takes several times longer.
const TIMEOUT_MS = 180_000;

/** What a page's script sees: the bundle's exports, put on the page's global object by index.html. */
type PageGlobal = { catsyphonSdk: typeof Sdk };

async function bundleForBrowser(): Promise<string> {
  // platform "browser": an import of a Node built-in anywhere in the SDK or what it imports fails the build.
  const result = await build({
    entryPoints: [path.join(__dirname, "..", "src", "index.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error("esbuild wrote no bundle");
  return output.text;
}

let browser: Browser;
let site: StaticFilesServer;

beforeAll(async () => {
  site = await serveStaticFiles({
    "/index.html": {
      contentType: "text/html",
      body: `<!doctype html><title>collector</title>
        <script type="module">import * as sdk from "/sdk.js"; globalThis.catsyphonSdk = sdk;</script>`,
    },
    "/sdk.js": { contentType: "text/javascript", body: await bundleForBrowser() },
  });
  browser = await launchHeadlessChromium();
}, TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function openCollectorPage(): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  await page.goto(`${site.url}/index.html`);
  await page.waitForFunction(() => "catsyphonSdk" in globalThis);
  return page;
}

describe("in a browser", () => {
  let api: IngestApiProcess;
  let credentials: CollectorCredentials;

  beforeAll(async () => {
    api = await startIngestApi({ label: "sdk browser" });
    credentials = await registerTestCollector(api, "headless-chromium");
  }, TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
  });

  it(
    "sends a whole session across origins with the typed helpers, in batches",
    async () => {
      const page = await openCollectorPage();
      const sessionId = newSessionId();
      const sent = await page.evaluate(
        async ({ serverUrl, apiKey, collectorId, sessionId }) => {
          const { CatSyphonClient } = (globalThis as unknown as PageGlobal).catsyphonSdk;
          // Two events a request: the five go out in three batches.
          const client = new CatSyphonClient({ serverUrl, apiKey, collectorId, batch: { maxEvents: 2 } });
          const session = client.session(sessionId);
          const sequences = [
            session.start({
              agent_type: "claude-code",
              agent_version: "2.0.14",
              working_directory: "/w/app",
            }),
            session.message({ author_role: "human", message_type: "prompt", content: "Fix the typo" }),
            session.toolCall({
              tool_name: "Read",
              tool_use_id: "toolu_1",
              parameters: { file_path: "README.md" },
            }),
            session.toolResult({ tool_use_id: "toolu_1", success: true, result: "# Teh title" }),
            session.end({ outcome: "success" }),
          ];
          await client.close();
          return { sequences, origin: location.origin };
        },
        { serverUrl: api.url, apiKey: credentials.api_key, collectorId: credentials.collector_id, sessionId },
      );
      await page.close();

      expect(sent.sequences).toEqual([1, 2, 3, 4, 5]);
      // The page's origin is not the API's: every call was a cross-origin request.
      expect(sent.origin).not.toBe(new URL(api.url).origin);
      const reader = new CatSyphonClient({
        serverUrl: api.url,
        apiKey: credentials.api_key,
        collectorId: credentials.collector_id,
      });
      expect(await reader.getSession(sessionId)).toMatchObject({ session_id: sessionId, last_sequence: 5 });
      await reader.close();
    },
    TIMEOUT_MS,
  );
});

describe("in a browser, at a request limit of 2 a minute", () => {
  let api: IngestApiProcess;
  let credentials: CollectorCredentials;

  beforeAll(async () => {
    api = await startIngestApi({ label: "sdk browser rate", env: { RATE_LIMIT_REQUESTS_PER_MIN: "2" } });
    credentials = await registerTestCollector(api, "headless-chromium");
  }, TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
  });

  it(
    "reads Retry-After from a 429 (the API exposes it to scripts of other origins)",
    async () => {
      const page = await openCollectorPage();
      const outcome = await page.evaluate(
        async ({ serverUrl, apiKey, collectorId }) => {
          const { CatSyphonClient, CatSyphonApiError } = (globalThis as unknown as PageGlobal).catsyphonSdk;
          const client = new CatSyphonClient({
            serverUrl,
            apiKey,
            collectorId,
            retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
          });
          await client.getSession("browser-rate-1");
          await client.getSession("browser-rate-2");
          try {
            await client.getSession("browser-rate-3");
            return { rejected: false };
          } catch (error) {
            if (!(error instanceof CatSyphonApiError)) return { rejected: true, error: String(error) };
            return {
              rejected: true,
              status: error.status,
              code: error.code,
              retryAfterMs: error.retryAfterMs,
            };
          } finally {
            await client.close();
          }
        },
        { serverUrl: api.url, apiKey: credentials.api_key, collectorId: credentials.collector_id },
      );
      await page.close();

      expect(outcome).toMatchObject({ rejected: true, status: 429, code: "rate_limited" });
      // Without Access-Control-Expose-Headers the browser would hide Retry-After and this would be undefined.
      expect(outcome.retryAfterMs).toBeGreaterThanOrEqual(20_000);
    },
    TIMEOUT_MS,
  );
});
