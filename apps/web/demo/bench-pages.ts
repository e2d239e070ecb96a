// `pnpm --filter @catsyphon/web bench:pages`: how fast the dashboard's pages show content and how much they load.
// A CatSyphon of its own (demo-stack.ts) holds the demo corpus with a session of 10,000 message rows. For the
// overview and that session's detail page: the browser's first-contentful-paint, median of 5 loads, each in a
// fresh browser context (an empty HTTP cache, the sign-in cookie only), after one load that is not counted. Then the
// client JS and CSS of every page from the production build. Prints tables, writes JSON.
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { launchHeadlessChromium } from "@catsyphon/testing";
import { type Browser, type BrowserContext } from "playwright-core";
import { z } from "zod";
import { DEMO_DEFAULTS } from "./corpus";
import { type PageBundle, pageBundles } from "./bundle-sizes";
import { conversationIdOf, signIn, startDemoStack } from "./demo-stack";

const argsSchema = z.object({
  loads: z.coerce.number().int().min(1).max(50).default(5),
  longSessionRows: z.coerce.number().int().min(20).max(50_000).default(10_000),
  out: z
    .string()
    .min(1)
    .default(path.resolve(__dirname, "..", ".bench", "bench-pages.json")),
});

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

interface LoadTiming {
  firstContentfulPaintMs: number;
  domContentLoadedMs: number;
  loadMs: number;
  /** Bytes of script the page fetched (as sent, i.e. compressed when the server compresses). */
  scriptTransferBytes: number;
  domNodes: number;
}

export interface PageTiming {
  name: string;
  path: string;
  loads: LoadTiming[];
  medianFirstContentfulPaintMs: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function timeOneLoad(browser: Browser, state: StorageState, url: string): Promise<LoadTiming> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState: state });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "load" });
    await page.waitForFunction(
      () => performance.getEntriesByName("first-contentful-paint").length > 0,
      undefined,
      {
        timeout: 30_000,
      },
    );
    return await page.evaluate(() => {
      const paint = performance.getEntriesByName("first-contentful-paint")[0]!;
      const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const scripts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter(
        (entry) => entry.initiatorType === "script",
      );
      return {
        firstContentfulPaintMs: paint.startTime,
        domContentLoadedMs: navigation.domContentLoadedEventEnd,
        loadMs: navigation.loadEventEnd,
        scriptTransferBytes: scripts.reduce((sum, entry) => sum + entry.encodedBodySize, 0),
        domNodes: document.getElementsByTagName("*").length,
      };
    });
  } finally {
    await context.close();
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function timingTable(timings: PageTiming[]): string {
  const lines = [
    "| page | FCP median ms | FCP of each load ms | DOMContentLoaded median ms | DOM nodes |",
    "|---|---|---|---|---|",
  ];
  for (const timing of timings) {
    lines.push(
      `| ${timing.name} | ${timing.medianFirstContentfulPaintMs.toFixed(0)} | ` +
        `${timing.loads.map((load) => load.firstContentfulPaintMs.toFixed(0)).join(", ")} | ` +
        `${median(timing.loads.map((load) => load.domContentLoadedMs)).toFixed(0)} | ` +
        `${timing.loads[timing.loads.length - 1]?.domNodes ?? "-"} |`,
    );
  }
  return lines.join("\n");
}

function bundleTable(bundles: PageBundle[]): string {
  const lines = ["| page | JS files | JS raw | JS gzip | CSS raw | CSS gzip |", "|---|---|---|---|---|---|"];
  for (const bundle of bundles) {
    lines.push(
      `| ${bundle.route} | ${bundle.jsFiles} | ${kib(bundle.jsBytes)} | ${kib(bundle.jsGzipBytes)} | ` +
        `${kib(bundle.cssBytes)} | ${kib(bundle.cssGzipBytes)} |`,
    );
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { loads: { type: "string" }, "long-session-rows": { type: "string" }, out: { type: "string" } },
    args: process.argv.slice(2).filter((arg) => arg !== "--"),
  });
  const args = argsSchema.parse({ ...values, longSessionRows: values["long-session-rows"] });
  const log = (line: string) => console.log(line);
  const corpus = { ...DEMO_DEFAULTS, longSessionRows: args.longSessionRows };
  const stack = await startDemoStack("bench-pages", corpus, log);
  let browser: Browser | undefined;
  try {
    const longSession = [...stack.load.lastSequences.keys()].sort()[0]!;
    const longConversation = await conversationIdOf(stack.prisma, longSession);
    const rows = await stack.prisma.message.count({ where: { conversationId: longConversation } });
    browser = await launchHeadlessChromium();
    const signInContext = await browser.newContext();
    await signIn(await signInContext.newPage(), stack.web.url);
    const state = await signInContext.storageState();
    await signInContext.close();

    const targets = [
      { name: "overview", path: "/" },
      { name: `conversation detail (${rows} messages)`, path: `/conversations/${longConversation}` },
    ];
    const timings: PageTiming[] = [];
    for (const target of targets) {
      const url = `${stack.web.url}${target.path}`;
      await timeOneLoad(browser, state, url);
      const loads: LoadTiming[] = [];
      for (let i = 0; i < args.loads; i += 1) loads.push(await timeOneLoad(browser, state, url));
      const timing = {
        ...target,
        loads,
        medianFirstContentfulPaintMs: median(loads.map((load) => load.firstContentfulPaintMs)),
      };
      log(`${target.name}: FCP median ${timing.medianFirstContentfulPaintMs.toFixed(0)} ms`);
      timings.push(timing);
    }
    const bundles = pageBundles();
    const result = {
      bench: "pages",
      date: new Date().toISOString(),
      loadAverage: loadavg()[0],
      options: { loads: args.loads, longSessionRows: args.longSessionRows, sessions: corpus.sessions },
      longSessionMessages: rows,
      timings,
      bundles,
    };
    console.log(`\n${timingTable(timings)}\n\n${bundleTable(bundles)}`);
    mkdirSync(path.dirname(args.out), { recursive: true });
    writeFileSync(args.out, JSON.stringify(result, null, 2) + "\n");
    console.log(`\nresult: ${args.out}`);
  } finally {
    await browser?.close();
    await stack.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
