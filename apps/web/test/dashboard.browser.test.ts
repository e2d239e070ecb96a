// The dashboard in a real headless Chromium against the real web process and its database: sign-in, the
// conversations list (rows equal to the API's, filters in the URL, back/forward, j/k/Enter, sub-agents), the detail
// header's numbers, settings (an API token shown once), and on every page built here: one h1, no serious or critical
// axe-core violation, no sideways overflow at 390 px. With DASHBOARD_SCREENSHOTS_DIR set it also saves a screenshot
// of each page at 1280 and 390 px there.
import { mkdirSync } from "node:fs";
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
import { type BrowserContext } from "playwright-core";
import { conversationDetailSchema, conversationListSchema } from "../src/features/conversations/schemas";
import { h1Count, horizontalOverflow, seriousAxeViolations } from "./support/browser-checks";
import { type DashboardCorpus, seedDashboardCorpus } from "./support/dashboard-corpus";
import { PASSWORD, testPrisma } from "./support/fixtures";

const TIMEOUT_MS = 180_000;
const SCREENSHOTS = process.env.DASHBOARD_SCREENSHOTS_DIR;

let web: WebProcess;
let prisma: PrismaClient;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let corpus: DashboardCorpus;

async function signIn(target: Page, email: string): Promise<void> {
  await target.goto(`${web.url}/sign-in`);
  await target.getByLabel("Email").fill(email);
  await target.getByLabel("Password").fill(PASSWORD);
  // "commit", then the page's h1: the load event waits for every script, slow on a loaded CI machine.
  await Promise.all([
    target.waitForURL((url) => url.pathname === "/", { waitUntil: "commit" }),
    target.getByRole("button", { name: "Sign in" }).click(),
  ]);
  await target.getByRole("heading", { level: 1 }).waitFor({ timeout: 60_000 });
}

/** The API's answer for this query string, read with the page's own session cookie. */
async function apiList(query: string) {
  const response = await page.request.get(`${web.url}/api/v1/conversations${query ? `?${query}` : ""}`);
  expect(response.status()).toBe(200);
  return conversationListSchema.parse(await response.json());
}

const rowTitles = (target: Page) =>
  target.locator(".conversations-table tbody tr:not(.row-child) a[data-row-link]").allTextContents();
const expectedTitles = (items: { slug: string | null; id: string }[]) =>
  items.map((item) => item.slug ?? `Session ${item.id.slice(0, 8)}`);

/** Waits until the table shows exactly these main rows (the list refetches after a URL change). */
async function waitForRows(target: Page, titles: string[]): Promise<void> {
  await target.waitForFunction(
    (expected) =>
      JSON.stringify(
        Array.from(
          document.querySelectorAll(".conversations-table tbody tr:not(.row-child) a[data-row-link]"),
        ).map((link) => link.textContent),
      ) === JSON.stringify(expected),
    titles,
  );
}

beforeAll(async () => {
  web = await startWebProcess({ label: "web-dashboard" });
  prisma = testPrisma(web.database.url);
  corpus = await seedDashboardCorpus(prisma);
  browser = await launchHeadlessChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await signIn(page, corpus.owner.email);
}, TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await prisma?.$disconnect();
  await web?.stop();
});

describe("conversations list", () => {
  it(
    "shows the rows the API returns, with one h1 and the page count",
    async () => {
      await page.goto(`${web.url}/conversations`);
      const api = await apiList("");
      expect(api.total).toBe(30);
      expect(await rowTitles(page)).toEqual(expectedTitles(api.items));
      expect(await h1Count(page)).toBe(1);
      await expect(page.getByText(`Page 1 of ${api.pages}`).isVisible()).resolves.toBe(true);
    },
    TIMEOUT_MS,
  );

  it(
    "puts a filter in the URL and shows the filtered rows; back restores the unfiltered ones",
    async () => {
      await page.goto(`${web.url}/conversations`);
      const all = await rowTitles(page);
      await page.getByLabel("Agent").selectOption("codex");
      await page.waitForURL(/agent_type=codex/);
      const codex = await apiList("agent_type=codex");
      await waitForRows(page, expectedTitles(codex.items));
      expect(await rowTitles(page)).toEqual(expectedTitles(codex.items));
      expect(codex.items.every((item) => item.agent_type === "codex")).toBe(true);

      await page.getByLabel("Outcome").selectOption("false");
      await page.waitForURL(/agent_type=codex&success=false/);
      const failedCodex = await apiList("agent_type=codex&success=false");
      await waitForRows(page, expectedTitles(failedCodex.items));
      expect(await rowTitles(page)).toEqual(expectedTitles(failedCodex.items));

      await page.goBack();
      await page.waitForURL((url) => url.search === "?agent_type=codex");
      await waitForRows(page, expectedTitles(codex.items));
      expect(await page.getByLabel("Outcome").inputValue()).toBe("");
      await page.goBack();
      await page.waitForURL((url) => url.pathname === "/conversations" && url.search === "");
      await waitForRows(page, all);
      expect(await rowTitles(page)).toEqual(all);
    },
    TIMEOUT_MS,
  );

  it(
    "opens a bookmarked filtered view and pages through it",
    async () => {
      await page.goto(`${web.url}/conversations?status=completed&page=2`);
      const api = await apiList("status=completed&page=2");
      expect(await rowTitles(page)).toEqual(expectedTitles(api.items));
      await page.getByRole("button", { name: "Previous" }).click();
      await page.waitForURL((url) => url.search === "?status=completed");
      await waitForRows(page, expectedTitles((await apiList("status=completed")).items));
    },
    TIMEOUT_MS,
  );

  it(
    "nests sub-agents under their parent (expand/collapse)",
    async () => {
      await page.goto(`${web.url}/conversations`);
      const toggle = page.getByRole("button", { name: /2 sub-agents/ });
      expect(await toggle.getAttribute("aria-expanded")).toBe("false");
      expect(await page.locator("tr.row-child").count()).toBe(0);
      await toggle.click();
      expect(await toggle.getAttribute("aria-expanded")).toBe("true");
      expect(await page.locator("tr.row-child a[data-row-link]").allTextContents()).toEqual([
        "explore-retry-paths",
        "write-regression-test",
      ]);
      await toggle.click();
      expect(await page.locator("tr.row-child").count()).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    "moves with j/k and opens the focused session with Enter",
    async () => {
      await page.goto(`${web.url}/conversations`);
      const api = await apiList("");
      await page.keyboard.press("j");
      await page.keyboard.press("j");
      await page.keyboard.press("j");
      await page.keyboard.press("k");
      const second = api.items[1];
      if (!second) throw new Error("the corpus has fewer than two sessions");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
        expectedTitles([second])[0],
      );
      await Promise.all([
        page.waitForURL(new RegExp(`/conversations/${second.id}$`)),
        page.keyboard.press("Enter"),
      ]);
      await page.getByRole("heading", { level: 1, name: expectedTitles([second])[0] }).waitFor();
    },
    TIMEOUT_MS,
  );

  it(
    "tells a new team how to send sessions when the workspace has none",
    async () => {
      const empty = await context.newPage();
      await empty.goto(`${web.url}/conversations`);
      // The owner is a viewer of the empty "Mobile team" workspace: switch to it.
      await empty.getByLabel("Workspace").selectOption({ label: "Mobile team" });
      await empty.getByRole("heading", { name: "No sessions yet" }).waitFor();
      expect(await empty.getByText("pnpm catsyphon watch").count()).toBe(1);
      expect(await seriousAxeViolations(empty)).toEqual([]);
      await empty.getByLabel("Workspace").selectOption({ label: "Platform team" });
      await empty.locator(".conversations-table").waitFor();
      await empty.close();
    },
    TIMEOUT_MS,
  );
});

describe("conversation detail", () => {
  it(
    "shows the API's numbers in its header, the sub-agent tree and the files touched",
    async () => {
      await page.goto(`${web.url}/conversations/${corpus.richId}`);
      const response = await page.request.get(`${web.url}/api/v1/conversations/${corpus.richId}`);
      const detail = conversationDetailSchema.parse(await response.json());
      const number = (value: number) => new Intl.NumberFormat("en-US").format(value);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("fix-payment-retries");
      expect(await page.getByTestId("tokens-Input").textContent()).toBe(number(detail.input_tokens));
      expect(await page.getByTestId("tokens-Output").textContent()).toBe(number(detail.output_tokens));
      expect(await page.getByTestId("tokens-Cache read").textContent()).toBe(
        number(detail.cache_read_tokens),
      );
      expect(await page.getByTestId("tokens-Cache creation").textContent()).toBe(
        number(detail.cache_creation_tokens),
      );
      expect(await page.getByTestId("tokens-total").textContent()).toBe(number(detail.total_tokens));
      expect(await page.getByTestId("cost").textContent()).toBe(`$${(detail.cost_usd ?? 0).toFixed(2)}`);
      // The panels above the transcript (the transcript may name the same files and sub-agents again).
      const panels = page.locator(".detail-grid");
      for (const child of detail.children) {
        expect(await panels.locator(`a[href="/conversations/${child.id}"]`).count()).toBe(1);
      }
      expect(await panels.getByText("src/payments/retry.ts").count()).toBe(
        detail.files_touched.filter((f) => f.file_path === "src/payments/retry.ts").length,
      );
      expect(await panels.getByText("+24").count()).toBe(1);
      expect(
        await panels.getByText("Made payment retries idempotent and added a regression test").count(),
      ).toBe(1);
      // A plan's first and final version as a diff: the corpus's plan gained a step and reworded the others.
      await panels
        .getByText(/payment-retries\.md/)
        .first()
        .click();
      await panels.getByText("Changes from the first version").click();
      const planDiff = panels.getByLabel(/first → final/);
      expect(await planDiff.locator(".diff-del").allTextContents()).toEqual([
        "− 1. Reproduce\n",
        "− 2. Fix\n",
      ]);
      expect(await planDiff.locator(".diff-add").allTextContents()).toEqual([
        "+ 1. Reproduce the double charge\n",
        "+ 2. Key retries by idempotency key\n",
        "+ 3. Add a test\n",
      ]);
      // The corpus writes no message rows: the transcript says so (its own test has a real timeline).
      await page.getByText("No messages stored for this session yet.").waitFor();
      expect(await h1Count(page)).toBe(1);
    },
    TIMEOUT_MS,
  );

  it(
    "answers 404 for an unknown or malformed id",
    async () => {
      const unknown = await page.goto(`${web.url}/conversations/00000000-0000-4000-8000-000000000000`);
      expect(unknown?.status()).toBe(404);
      const malformed = await page.goto(`${web.url}/conversations/not-a-uuid`);
      expect(malformed?.status()).toBe(404);
    },
    TIMEOUT_MS,
  );
});

describe("settings", () => {
  it(
    "creates an API token and shows it once; the token works",
    async () => {
      await page.goto(`${web.url}/settings/api-tokens`);
      await page.getByLabel("Name").fill("grafana");
      await page.getByRole("button", { name: "Create token" }).click();
      const shown = await page.getByTestId("created-token").textContent();
      expect(shown).toMatch(/^csa_/);
      await page.getByRole("cell", { name: "grafana", exact: true }).waitFor();
      const me = await fetch(`${web.url}/api/v1/me`, { headers: { Authorization: `Bearer ${shown}` } });
      expect(me.status).toBe(200);
      await page.reload();
      expect(await page.getByTestId("created-token").count()).toBe(0);
      expect(await page.content()).not.toContain(shown);
      await page.getByRole("cell", { name: "grafana", exact: true }).waitFor();
    },
    TIMEOUT_MS,
  );

  it(
    "creates an invitation link shown once and revokes it",
    async () => {
      await page.goto(`${web.url}/settings/invites`);
      await page.getByLabel("Email").fill("new.person@example.com");
      await page.getByRole("button", { name: "Create invitation link" }).click();
      expect(await page.getByTestId("invite-url").textContent()).toContain("/invite/");
      await page.getByRole("cell", { name: "new.person@example.com", exact: true }).waitFor();
      await page.getByRole("button", { name: "Revoke the invitation for new.person@example.com" }).click();
      await page.getByRole("cell", { name: "revoked", exact: true }).waitFor();
    },
    TIMEOUT_MS,
  );

  it(
    "changes a member's role and says why a refused change failed",
    async () => {
      await page.goto(`${web.url}/settings/members`);
      await page.getByLabel(`Role of ${corpus.viewer.email}`).selectOption("member");
      await page.getByText(`${corpus.viewer.email} is now member.`).waitFor();
      const row = await prisma.membership.findFirstOrThrow({
        where: { workspaceId: corpus.workspaceId, userId: corpus.viewer.id },
      });
      expect(row.role).toBe("member");
    },
    TIMEOUT_MS,
  );

  it(
    "shows a member (no manage permission) no management actions",
    async () => {
      const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const viewerPage = await viewerContext.newPage();
      const memberEmail = (
        await prisma.membership.findFirstOrThrow({
          where: { workspaceId: corpus.workspaceId, role: "member" },
          select: { user: { select: { email: true } } },
        })
      ).user.email;
      await signIn(viewerPage, memberEmail);
      await viewerPage.goto(`${web.url}/settings/api-tokens`);
      await viewerPage.getByText("cannot manage API tokens").waitFor();
      await viewerPage.goto(`${web.url}/settings/members`);
      expect(await viewerPage.getByRole("button", { name: /Remove/ }).count()).toBe(0);
      await viewerContext.close();
    },
    TIMEOUT_MS,
  );
});

describe("every page", () => {
  const pages = () => [
    { name: "conversations", path: "/conversations" },
    { name: "conversation-detail", path: `/conversations/${corpus.richId}` },
    { name: "sub-agent-detail", path: `/conversations/${corpus.childIds[0]}` },
    { name: "settings-members", path: "/settings/members" },
    { name: "settings-invites", path: "/settings/invites" },
    { name: "settings-api-tokens", path: "/settings/api-tokens" },
    { name: "settings-collectors", path: "/settings/collectors" },
    { name: "overview", path: "/" },
  ];

  it(
    "has one h1 and no serious or critical axe-core violation at 1280 px",
    async () => {
      for (const target of pages()) {
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(`${web.url}${target.path}`);
        expect({ page: target.name, h1: await h1Count(page) }).toEqual({ page: target.name, h1: 1 });
        expect({ page: target.name, violations: await seriousAxeViolations(page) }).toEqual({
          page: target.name,
          violations: [],
        });
        if (SCREENSHOTS) {
          mkdirSync(SCREENSHOTS, { recursive: true });
          await page.screenshot({ path: path.join(SCREENSHOTS, `${target.name}-1280.png`), fullPage: true });
        }
      }
    },
    TIMEOUT_MS,
  );

  it(
    "renders at 390 px without the page overflowing sideways",
    async () => {
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
      const phonePage = await phone.newPage();
      await signIn(phonePage, corpus.owner.email);
      for (const target of pages()) {
        await phonePage.goto(`${web.url}${target.path}`);
        expect({ page: target.name, overflow: await horizontalOverflow(phonePage) }).toEqual({
          page: target.name,
          overflow: 0,
        });
        expect({ page: target.name, violations: await seriousAxeViolations(phonePage) }).toEqual({
          page: target.name,
          violations: [],
        });
        if (SCREENSHOTS) {
          await phonePage.screenshot({
            path: path.join(SCREENSHOTS, `${target.name}-390.png`),
            fullPage: true,
          });
        }
      }
      await phonePage.goto(`${web.url}/sign-in`);
      await phone.close();
    },
    TIMEOUT_MS,
  );

  it(
    "sign-in page: one h1, accessible, fits 390 px",
    async () => {
      const anonymous = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const signInPage = await anonymous.newPage();
      await signInPage.goto(`${web.url}/conversations`);
      await signInPage.waitForURL(/\/sign-in$/);
      expect(await h1Count(signInPage)).toBe(1);
      expect(await seriousAxeViolations(signInPage)).toEqual([]);
      expect(await horizontalOverflow(signInPage)).toBe(0);
      if (SCREENSHOTS)
        await signInPage.screenshot({ path: path.join(SCREENSHOTS, "sign-in-390.png"), fullPage: true });
      await anonymous.close();
    },
    TIMEOUT_MS,
  );
});
