// `pnpm --filter @catsyphon/web screenshots`: a CatSyphon of its own (demo-stack.ts) with the demo corpus, signed in
// as its owner in a real headless Chromium, and a PNG of every page in docs/screenshots/: each at 1280 px, the
// overview and a conversation's detail also at 390 px. Pages are read from src/app, so new ones are included.
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { launchHeadlessChromium } from "@catsyphon/testing";
import { type Browser, type Page } from "playwright-core";
import { z } from "zod";
import { DEMO_DEFAULTS } from "./corpus";
import { conversationIdOf, type DemoStack, signIn, startDemoStack } from "./demo-stack";
import { pageRoutes, pageUrl } from "./pages";

const OUT_DIR = path.resolve(__dirname, "..", "..", "..", "docs", "screenshots");
const NARROW_PAGES = new Set(["overview", "conversations-detail"]);
/** Taller pages are cut here: the top of a long list says what the page is, and the files stay small. */
const MAX_HEIGHT_PX = 2000;
/** Pages shown without a session (the sign-in form, an invitation). */
const SIGNED_OUT_PAGES = new Set(["sign-in", "invite-detail"]);
/** A query that shows what a page does, where an empty one would show only a form. */
const PAGE_QUERIES: Record<string, string> = { search: "?q=createCharge" };

const argsSchema = z.object({
  out: z.string().min(1).default(OUT_DIR),
  sessions: z.coerce.number().int().min(8).max(2000).default(DEMO_DEFAULTS.sessions),
});

/** The busiest project and developer, and a conversation with a sub-agent, tool calls and diffs. */
async function pageParams(stack: DemoStack): Promise<Record<string, string>> {
  const { prisma, load } = stack;
  const [project] = await prisma.project.findMany({
    orderBy: { conversations: { _count: "desc" } },
    take: 1,
  });
  const [developer] = await prisma.developer.findMany({
    orderBy: { conversations: { _count: "desc" } },
    take: 1,
  });
  // Session 2 of the seeded plans is a main session whose sub-agent is session 3.
  const detailSession = [...load.lastSequences.keys()].sort()[2]!;
  const params: Record<string, string> = {
    "conversations.id": await conversationIdOf(prisma, detailSession),
  };
  if (project) params["projects.id"] = project.id;
  if (developer) params["developers.id"] = developer.id;
  return params;
}

/** An invitation link's token, made through the API as an owner does in settings. */
async function inviteToken(page: Page, webUrl: string): Promise<string | null> {
  const response = await page.request.post(`${webUrl}/api/v1/invites`, {
    data: { email: "grace@demo.example", role: "member" },
    headers: { origin: webUrl },
  });
  if (response.status() !== 201) return null;
  const body = z.object({ token: z.string() }).safeParse(await response.json());
  return body.success ? body.data.token : null;
}

/** Lets the client queries settle: the page's busy markers cleared, then a moment for charts to lay out. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  await page
    .waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0, undefined, {
      timeout: 15_000,
    })
    .catch(() => undefined);
  await page.waitForTimeout(800);
}

async function shoot(page: Page, file: string): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const width = page.viewportSize()?.width ?? 1280;
  await page.screenshot({
    path: file,
    fullPage: true,
    clip: { x: 0, y: 0, width, height: Math.min(height, MAX_HEIGHT_PX) },
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: "string" }, sessions: { type: "string" } },
    args: process.argv.slice(2).filter((arg) => arg !== "--"),
  });
  const args = argsSchema.parse(values);
  const log = (line: string) => console.log(line);
  const stack = await startDemoStack("screenshots", { ...DEMO_DEFAULTS, sessions: args.sessions }, log);
  let browser: Browser | undefined;
  try {
    const params = await pageParams(stack);
    browser = await launchHeadlessChromium();
    const signedIn = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      colorScheme: "light",
    });
    const page = await signedIn.newPage();
    await signIn(page, stack.web.url);
    const token = await inviteToken(page, stack.web.url);
    if (token) params["invite.token"] = token;

    mkdirSync(args.out, { recursive: true });
    for (const file of readdirSync(args.out)) if (file.endsWith(".png")) rmSync(path.join(args.out, file));
    for (const route of pageRoutes()) {
      const url = pageUrl(route, params);
      if (url === null) {
        log(`skip ${route.template}: nothing to fill its parameter with`);
        continue;
      }
      const widths = NARROW_PAGES.has(route.name) ? [1280, 390] : [1280];
      for (const width of widths) {
        const context = SIGNED_OUT_PAGES.has(route.name)
          ? await browser.newContext({ viewport: { width, height: 900 } })
          : signedIn;
        const target = context === signedIn ? page : await context.newPage();
        await target.setViewportSize({ width, height: width < 600 ? 844 : 900 });
        await target.goto(`${stack.web.url}${url}${PAGE_QUERIES[route.name] ?? ""}`);
        await settle(target);
        const file = path.join(args.out, `${route.name}-${width}.png`);
        await shoot(target, file);
        log(
          `${route.template} at ${width} px: ${path.relative(process.cwd(), file)} (${Math.round(statSync(file).size / 1024)} KiB)`,
        );
        if (context !== signedIn) await context.close();
      }
    }
  } finally {
    await browser?.close();
    await stack.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
