// The conversation page's transcript, search, ⌘K, tags and export in a real headless Chromium against the real web
// process and its database: prompts, tool calls with results and an Edit as a diff (message HTML shown as text);
// the 10,000-message session opens with a bounded DOM, also after scrolling; search and ⌘K jump to a message;
// a member edits a tag and re-tags, a viewer gets no controls; the Markdown export downloads; a share link opens
// signed out once the owner allows it and stops working when revoked; one h1 and no
// serious or critical axe-core violation at 1280 and 390 px. With DASHBOARD_SCREENSHOTS_DIR set it saves
// screenshots of the transcript (1280, 390), search and the ⌘K dialog there.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type PrismaClient } from "@catsyphon/db";
import {
  type Browser,
  launchHeadlessChromium,
  type Page,
  startWebProcess,
  type WebProcess,
} from "@catsyphon/testing";
import { h1Count, horizontalOverflow, seriousAxeViolations } from "./support/browser-checks";
import { PASSWORD, testPrisma, workspaceWithMembers } from "./support/fixtures";
import { LONG_SESSION_MARKER, seedLongSession } from "./support/long-session";

const TIMEOUT_MS = 180_000;
const SCREENSHOTS = process.env.DASHBOARD_SCREENSHOTS_DIR;
/** Far fewer than the session's 10,000 entries: the window plus overscan. */
const MAX_ROWS = 400;

let web: WebProcess;
let prisma: PrismaClient;
let browser: Browser;
let users: Awaited<ReturnType<typeof workspaceWithMembers>>["users"];
const sessions = { short: "", long: "", longMarker: 0 };

async function signedInPage(email: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${web.url}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname === "/"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
  return page;
}

const rowCount = (page: Page) => page.locator('[data-region="transcript"] .timeline-row').count();

async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

beforeAll(async () => {
  web = await startWebProcess({ label: "web-transcript" });
  prisma = testPrisma(web.database.url);
  const team = await workspaceWithMembers(prisma, "Transcript team");
  users = team.users;
  sessions.short = (await seedLongSession(prisma, team.workspace.id, 12, "short-otter")).id;
  const long = await seedLongSession(prisma, team.workspace.id, 10_000, "long-heron");
  sessions.long = long.id;
  sessions.longMarker = long.markerSequence;
  browser = await launchHeadlessChromium();
}, TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await prisma?.$disconnect();
  await web?.stop();
});

describe("transcript", () => {
  it(
    "shows prompts, tool calls with their results and an Edit as a diff; message HTML stays text",
    async () => {
      const page = await signedInPage(users.owner.email);
      await page.goto(`${web.url}/conversations/${sessions.short}`);
      const transcript = page.locator('[data-region="transcript"]');
      await transcript.locator('[data-sequence="1"]').waitFor();
      await expect(transcript.locator(".message-prompt").first().textContent()).resolves.toContain(
        "Please fix bug number 1 <script>alert(1)</script>",
      );
      // **bug** is bold, and the <script> is text, not an element.
      expect(await transcript.locator(".message-prompt strong", { hasText: "bug" }).count()).toBeGreaterThan(
        0,
      );
      expect(await transcript.locator("script").count()).toBe(0);
      const call = transcript.locator('[data-sequence="2"] .tool-call');
      await expect(call.locator(".tool-name").textContent()).resolves.toContain("Edit");
      await expect(call.locator(".diff-del").first().textContent()).resolves.toContain("const a = 1;");
      await expect(call.locator(".diff-add").first().textContent()).resolves.toContain("const a = 2;");
      await expect(call.locator(".diff-same").first().textContent()).resolves.toContain("keep()");
      await expect(call.locator(".tool-result").textContent()).resolves.toContain(
        "The file src/file2.ts has been updated.",
      );
      await expect(transcript.locator('[data-sequence="3"] .message-usage').textContent()).resolves.toContain(
        "claude-sonnet-4-5",
      );
      await expect(
        transcript.locator('[data-sequence="4"] details summary').textContent(),
      ).resolves.toContain("Thinking");
      // The compaction half way is a divider.
      await expect(transcript.locator(".epoch-divider").textContent()).resolves.toContain("Context window 2");
      expect(await h1Count(page)).toBe(1);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await transcript.scrollIntoViewIfNeeded();
      await screenshot(page, "transcript-1280");
      await page.context().close();
    },
    TIMEOUT_MS,
  );

  it(
    "opens the 10,000-message session with a bounded DOM, also after scrolling far",
    async () => {
      const page = await signedInPage(users.owner.email);
      const started = Date.now();
      await page.goto(`${web.url}/conversations/${sessions.long}`);
      await page.locator('[data-region="transcript"] [data-sequence="1"]').waitFor();
      const firstContentMs = Date.now() - started;
      const atStart = await rowCount(page);
      expect(atStart).toBeGreaterThan(3);
      expect(atStart).toBeLessThan(MAX_ROWS);
      await page.locator('[data-testid="transcript-scroll"]').evaluate((element) => {
        element.scrollTop = element.scrollHeight / 2;
      });
      await page.waitForFunction(() => {
        const rows = Array.from(document.querySelectorAll("[data-sequence]"));
        return rows.some((row) => Number(row.getAttribute("data-sequence")) > 3000);
      });
      const afterScroll = await rowCount(page);
      expect(afterScroll).toBeLessThan(MAX_ROWS);
      const elements = await page.locator('[data-region="transcript"] *').count();
      process.stdout.write(
        `10k session: first entry after ${firstContentMs} ms; rows ${atStart} at start, ${afterScroll} after ` +
          `scrolling; ${elements} elements in the transcript\n`,
      );
      expect(elements).toBeLessThan(MAX_ROWS * 20);
      await page.context().close();
    },
    TIMEOUT_MS,
  );
});

describe("search", () => {
  it(
    "finds an identifier on the search page and jumps to its message in the session",
    async () => {
      const page = await signedInPage(users.member.email);
      await page.goto(`${web.url}/search`);
      await page.getByLabel("Search every message").fill(LONG_SESSION_MARKER);
      await page.getByRole("button", { name: "Search", exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get("q") === LONG_SESSION_MARKER);
      const hit = page.locator(".search-results a").first();
      await expect(hit.locator("mark").textContent()).resolves.toBe(LONG_SESSION_MARKER);
      expect(await h1Count(page)).toBe(1);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, "search-1280");
      await hit.click();
      await page.waitForURL((url) => url.hash === `#seq-${sessions.longMarker}`);
      const target = page.locator(`#seq-${sessions.longMarker}`);
      await target.waitFor();
      await expect(target.getAttribute("class")).resolves.toContain("targeted");
      await expect(target.textContent()).resolves.toContain(LONG_SESSION_MARKER);
      expect(await rowCount(page)).toBeLessThan(MAX_ROWS);
      await page.context().close();
    },
    TIMEOUT_MS,
  );

  it(
    "opens ⌘K from any page; Enter opens the first hit at its message",
    async () => {
      const page = await signedInPage(users.member.email);
      await page.goto(`${web.url}/projects`);
      await page.keyboard.press("Control+k");
      const input = page.getByRole("combobox", { name: "Search messages" });
      await input.waitFor();
      await input.fill(LONG_SESSION_MARKER);
      await page.locator(".command-results [role=option]").first().waitFor();
      expect(await page.locator(".command-results mark").first().textContent()).toBe(LONG_SESSION_MARKER);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, "command-k-1280");
      await input.press("Enter");
      await page.waitForURL(
        (url) =>
          url.pathname === `/conversations/${sessions.long}` && url.hash === `#seq-${sessions.longMarker}`,
      );
      await page.locator(`#seq-${sessions.longMarker}`).waitFor();
      await page.context().close();
    },
    TIMEOUT_MS,
  );

  it(
    "finds within the session and jumps there",
    async () => {
      const page = await signedInPage(users.viewer.email);
      await page.goto(`${web.url}/conversations/${sessions.long}`);
      await page.getByLabel("Find in this session").fill(LONG_SESSION_MARKER);
      await page.getByRole("button", { name: "Find", exact: true }).click();
      await page.getByRole("button", { name: `#${sessions.longMarker} response` }).click();
      await page.locator(`#seq-${sessions.longMarker}.targeted`).waitFor();
      await page.context().close();
    },
    TIMEOUT_MS,
  );
});

describe("tags and export", () => {
  it(
    "lets a member edit a tag (shown as human) and re-tag",
    async () => {
      const page = await signedInPage(users.member.email);
      await page.goto(`${web.url}/conversations/${sessions.short}`);
      await page.getByRole("button", { name: "Edit tags" }).click();
      await page.getByLabel("intent").selectOption("bug_fix");
      await page.getByLabel("summary").fill("Fixed the flaky login test");
      await page.getByRole("button", { name: "Save tags" }).click();
      const intent = page.locator('[data-testid="tags"] .tag', { hasText: "intent" });
      await intent.filter({ hasText: "bug_fix" }).waitFor();
      await expect(intent.textContent()).resolves.toContain("(human)");
      const stored = await prisma.conversation.findUniqueOrThrow({ where: { id: sessions.short } });
      expect(stored.tags).toMatchObject({ intent: "bug_fix", summary: "Fixed the flaky login test" });
      await page.getByRole("button", { name: "Re-tag" }).click();
      await page.getByText("Re-tagging queued").waitFor();
      await page.context().close();
    },
    TIMEOUT_MS,
  );

  it(
    "shows a viewer the tags without edit controls",
    async () => {
      const page = await signedInPage(users.viewer.email);
      await page.goto(`${web.url}/conversations/${sessions.short}`);
      await page.locator('[data-testid="tags"]').waitFor();
      expect(await page.getByRole("button", { name: "Edit tags" }).count()).toBe(0);
      expect(await page.getByRole("button", { name: "Re-tag" }).count()).toBe(0);
      await page.context().close();
    },
    TIMEOUT_MS,
  );

  it(
    "downloads the Markdown export",
    async () => {
      const page = await signedInPage(users.viewer.email);
      await page.goto(`${web.url}/conversations/${sessions.short}`);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Markdown" }).click(),
      ]);
      expect(download.suggestedFilename()).toBe("catsyphon-short-otter.md");
      const file = await download.path();
      const text = readFileSync(file, "utf8");
      expect(text.startsWith("# short-otter")).toBe(true);
      expect(text.match(/^## #/gm)).toHaveLength(12);
      await page.context().close();
    },
    TIMEOUT_MS,
  );
});

describe("share links", () => {
  it(
    "creates a link a signed-out visitor can open once the owner allows it; revoked, it stops working",
    async () => {
      const owner = await signedInPage(users.owner.email);
      await owner.goto(`${web.url}/conversations/${sessions.short}`);
      const publicLinks = owner.getByLabel("Let share links open without signing in (whole workspace)");
      await publicLinks.click();
      await owner.getByText("Anyone with the link can open it.").waitFor();
      await owner.getByRole("button", { name: "Create share link" }).click();
      const url = await owner.getByTestId("new-share-link").textContent();
      expect(url).toMatch(/\/share\/css_/);

      const visitor = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await visitor.goto(url ?? "");
      await visitor.locator('[data-region="transcript"] [data-sequence="2"] .diff').waitFor();
      expect(await visitor.getByRole("button", { name: "Edit tags" }).count()).toBe(0);
      expect(await visitor.getByLabel("Find in this session").count()).toBe(0);
      expect(await h1Count(visitor)).toBe(1);
      expect(await seriousAxeViolations(visitor)).toEqual([]);
      await screenshot(visitor, "share-1280");

      await owner.reload();
      await owner.locator('[data-testid="share-links"]').getByText("1 view").waitFor();
      await owner.getByRole("button", { name: "Revoke" }).click();
      await owner.locator('[data-testid="share-links"]').getByText("revoked").waitFor();
      await visitor.reload();
      await visitor.getByRole("heading", { name: "This share link no longer works" }).waitFor();
      await visitor.close();
      await owner.context().close();
    },
    TIMEOUT_MS,
  );
});

describe("at 390 px", () => {
  it(
    "has no sideways overflow and no serious axe violation on the transcript and search pages",
    async () => {
      const page = await signedInPage(users.owner.email, 390);
      await page.goto(`${web.url}/conversations/${sessions.short}`);
      await page.locator('[data-region="transcript"] [data-sequence="2"]').waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.locator('[data-region="transcript"]').scrollIntoViewIfNeeded();
      await screenshot(page, "transcript-390");
      await page.goto(`${web.url}/search?q=${LONG_SESSION_MARKER}`);
      await page.locator(".search-results mark").first().waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(await h1Count(page)).toBe(1);
      await screenshot(page, "search-390");
      await page.context().close();
    },
    TIMEOUT_MS,
  );
});
