// The overview, projects, developers, ingestion and collector settings pages in a real headless Chromium, against
// the real ingest API, worker and web on one database, with sessions sent through the collector API (so the
// activity aggregates exist): each page shows the read API's numbers; a session ingested while the conversations
// list and the overview are open appears within 2 s of its commit without a reload; without the live stream the
// pages poll; a parked batch shows on the ingestion page and an admin re-drives it (a member gets no button); a
// collector created in settings shows its key once; one h1, no serious or critical axe-core violation, no sideways
// overflow at 390 px. With DASHBOARD_SCREENSHOTS_DIR set it saves a screenshot of each page at 1280 and 390 px.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { type Browser, eventually, launchHeadlessChromium, type Page } from "@catsyphon/testing";
import { type BrowserContext } from "playwright-core";
import { type z } from "zod";
import { formatCost, formatInteger } from "../src/client/format";
import { type activityTotalsSchema } from "../src/features/activity/schemas";
import { createdCollectorSchema } from "../src/features/collectors/schemas";
import { developerDetailSchema, developerListSchema } from "../src/features/developers/schemas";
import { projectDetailSchema, projectListSchema } from "../src/features/projects/schemas";
import { overviewSchema } from "../src/features/stats/schemas";
import { h1Count, horizontalOverflow, seriousAxeViolations } from "./support/browser-checks";
import { body, TestClient } from "./support/client";
import { PASSWORD, workspaceWithMembers } from "./support/fixtures";
import { CORPUS, type CorpusSession, corpusMessages, sendSession } from "./support/live-corpus";
import { type CollectorKey, sendBatch, sessionEvents, type Stack, startStack } from "./support/stack";

const TIMEOUT_MS = 240_000;
const SCREENSHOTS = process.env.DASHBOARD_SCREENSHOTS_DIR;

let stack: Stack;
let team: Awaited<ReturnType<typeof workspaceWithMembers>>;
let collector: CollectorKey;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let alphaId = "";
let adaId = "";

async function signIn(target: Page, email: string): Promise<void> {
  await target.goto(`${stack.web.url}/sign-in`);
  await target.getByLabel("Email").fill(email);
  await target.getByLabel("Password").fill(PASSWORD);
  // "commit", then the page's h1: the load event waits for every script, slow on a loaded CI machine.
  await Promise.all([
    target.waitForURL((url) => url.pathname === "/", { waitUntil: "commit" }),
    target.getByRole("button", { name: "Sign in" }).click(),
  ]);
  await target.getByRole("heading", { level: 1 }).waitFor({ timeout: 60_000 });
}

/** The read API's answer with the page's own session cookie, parsed with the route's schema. */
async function api<S extends z.ZodType>(target: Page, route: string, schema: S): Promise<z.output<S>> {
  const response = await target.request.get(`${stack.web.url}${route}`);
  expect({ route, status: response.status() }).toEqual({ route, status: 200 });
  return schema.parse(await response.json());
}

/** Well under the 15 s polling period, which runs only while the stream is down. */
const LIVE_WAIT_MS = 10_000;
const waitLive = (target: Page) => target.locator('[data-live-state="live"]').waitFor({ timeout: 15_000 });

function expectedTotals(totals: z.output<typeof activityTotalsSchema>): Record<string, string> {
  return {
    sessions: formatInteger(totals.sessions),
    subagent_sessions: formatInteger(totals.subagent_sessions),
    messages: formatInteger(totals.messages),
    input_tokens: formatInteger(totals.input_tokens),
    output_tokens: formatInteger(totals.output_tokens),
    cache_read_tokens: formatInteger(totals.cache_read_tokens),
    cache_creation_tokens: formatInteger(totals.cache_creation_tokens),
    cost_usd: formatCost(totals.cost_usd),
    success_rate:
      totals.success_rate === null ? "no outcome yet" : `${(totals.success_rate * 100).toFixed(1)}%`,
  };
}

async function shownTotals(target: Page, keys: string[]): Promise<Record<string, string>> {
  const shown: Record<string, string> = {};
  for (const key of keys) shown[key] = (await target.getByTestId(`total-${key}`).textContent()) ?? "";
  return shown;
}

async function waitForIngested(sessions: CorpusSession[]): Promise<void> {
  await eventually(
    async () => {
      const messages = await stack.prisma.message.count({
        where: { conversation: { workspaceId: team.workspace.id } },
      });
      return messages === corpusMessages(sessions);
    },
    { timeoutMs: 60_000 },
  );
}

beforeAll(async () => {
  stack = await startStack("web-pages");
  team = await workspaceWithMembers(stack.prisma, "Analytics team");
  const admin = new TestClient(stack.web.url);
  expect((await admin.signIn(team.users.admin.email, PASSWORD)).status).toBe(200);
  const created = createdCollectorSchema.parse(
    await body(await admin.post("/api/v1/collectors", { json: { name: "test collector" } })),
  );
  collector = { id: created.id, api_key: created.api_key };
  for (const session of CORPUS) await sendSession(stack.api, collector, session);
  await waitForIngested(CORPUS);
  browser = await launchHeadlessChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await signIn(page, team.users.admin.email);
}, TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe("overview", () => {
  it(
    "shows the API's totals, the chart's numbers, the breakdowns and the sessions running now",
    async () => {
      await page.goto(`${stack.web.url}/`);
      const overview = await api(page, "/api/v1/stats/overview", overviewSchema);
      expect(overview.totals.sessions).toBe(3);
      expect(overview.totals.active_now).toBe(1);
      const expected = {
        ...expectedTotals(overview.totals),
        active_now: formatInteger(overview.totals.active_now),
      };
      expect(await shownTotals(page, Object.keys(expected))).toEqual(expected);
      const chart = await page.getByRole("img", { name: /Sessions per day/ }).getAttribute("aria-label");
      expect(chart).toContain(`total ${overview.totals.sessions}`);
      expect(chart).toContain(`from ${overview.range.start_date} to ${overview.range.end_date}`);
      const board = page.getByTestId("live-board");
      expect(await board.getByRole("rowheader").allTextContents()).toEqual(["live-alpha-2-slug"]);
      for (const project of overview.by_project) {
        await page
          .getByRole("region", { name: "By project", exact: true })
          .getByRole("link", { name: project.name ?? "" })
          .waitFor();
      }
      expect(
        await page.getByRole("region", { name: "Top tools", exact: true }).getByText("Edit").count(),
      ).toBe(1);
    },
    TIMEOUT_MS,
  );

  it(
    "keeps the range and the time zone in the URL and shows the API's answer for them",
    async () => {
      await page.goto(`${stack.web.url}/?tz=UTC`);
      await page.getByRole("button", { name: "Last 7 days" }).click();
      await page.waitForURL(/start_date=.*end_date=.*tz=UTC/);
      const query = new URL(page.url()).search;
      const overview = await api(page, `/api/v1/stats/overview${query}`, overviewSchema);
      expect(overview.daily).toHaveLength(7);
      await page.waitForFunction(
        (days) => document.querySelectorAll(".chart-bar").length === days,
        overview.daily.length,
      );
      expect(await shownTotals(page, ["sessions", "messages"])).toEqual({
        sessions: formatInteger(overview.totals.sessions),
        messages: formatInteger(overview.totals.messages),
      });
      await page.goto(`${stack.web.url}/?start_date=2026-12-09&end_date=2026-01-01`);
      await page.getByRole("alert").getByText("end_date is before start_date").waitFor();
    },
    TIMEOUT_MS,
  );
});

describe("projects and developers", () => {
  it(
    "lists the projects with the API's numbers and opens one with its totals, hot files and sessions",
    async () => {
      await page.goto(`${stack.web.url}/projects`);
      const list = await api(page, "/api/v1/projects", projectListSchema);
      expect(list.items.map((p) => p.name).sort()).toEqual(["alpha", "beta"]);
      for (const project of list.items) {
        const row = page.locator(`tr[data-project-id="${project.id}"]`);
        expect({
          sessions: await row.locator('[data-col="sessions"]').textContent(),
          developers: await row.locator('[data-col="developers"]').textContent(),
          messages: await row.locator('[data-col="messages"]').textContent(),
          tokens: await row.locator('[data-col="total_tokens"]').textContent(),
          cost: await row.locator('[data-col="cost_usd"]').textContent(),
        }).toEqual({
          sessions: formatInteger(project.sessions),
          developers: formatInteger(project.developers),
          messages: formatInteger(project.messages),
          tokens: formatInteger(project.total_tokens),
          cost: formatCost(project.cost_usd),
        });
      }
      const alpha = list.items.find((p) => p.name === "alpha");
      if (!alpha) throw new Error("no alpha project");
      alphaId = alpha.id;
      await Promise.all([
        page.waitForURL(new RegExp(`/projects/${alpha.id}$`)),
        page.getByRole("link", { name: "alpha", exact: true }).click(),
      ]);
      await page.getByRole("heading", { level: 1, name: "alpha" }).waitFor();
      const detail = await api(page, `/api/v1/projects/${alpha.id}`, projectDetailSchema);
      const expected = expectedTotals(detail.totals);
      expect(await shownTotals(page, Object.keys(expected))).toEqual(expected);
      await page.getByTestId("hot-files").getByText("src/retry.ts").waitFor();
      const sessions = page.locator(".conversations-table a[data-row-link]");
      expect((await sessions.allTextContents()).sort()).toEqual(["live-alpha-1-slug", "live-alpha-2-slug"]);
      expect(
        await page
          .getByRole("region", { name: "Developers", exact: true })
          .getByRole("link")
          .allTextContents(),
      ).toEqual(expect.arrayContaining(["ada", "grace"]));
      expect(
        (await page.goto(`${stack.web.url}/projects/00000000-0000-4000-8000-000000000000`))?.status(),
      ).toBe(404);
    },
    TIMEOUT_MS,
  );

  it(
    "lists the developers with the API's numbers and opens one",
    async () => {
      await page.goto(`${stack.web.url}/developers`);
      const list = await api(page, "/api/v1/developers", developerListSchema);
      expect(list.items.map((d) => d.username).sort()).toEqual(["ada", "grace"]);
      for (const developer of list.items) {
        const row = page.locator(`tr[data-developer-id="${developer.id}"]`);
        expect({
          sessions: await row.locator('[data-col="sessions"]').textContent(),
          projects: await row.locator('[data-col="projects"]').textContent(),
          tokens: await row.locator('[data-col="total_tokens"]').textContent(),
          cost: await row.locator('[data-col="cost_usd"]').textContent(),
        }).toEqual({
          sessions: formatInteger(developer.sessions),
          projects: formatInteger(developer.projects),
          tokens: formatInteger(developer.total_tokens),
          cost: formatCost(developer.cost_usd),
        });
      }
      const ada = list.items.find((d) => d.username === "ada");
      if (!ada) throw new Error("no developer ada");
      adaId = ada.id;
      await page.goto(`${stack.web.url}/developers/${ada.id}`);
      await page.getByRole("heading", { level: 1, name: "ada" }).waitFor();
      const detail = await api(page, `/api/v1/developers/${ada.id}`, developerDetailSchema);
      const expected = expectedTotals(detail.totals);
      expect(await shownTotals(page, Object.keys(expected))).toEqual(expected);
      expect(await page.locator(".conversations-table a[data-row-link]").allTextContents()).toEqual([
        "live-alpha-1-slug",
      ]);
    },
    TIMEOUT_MS,
  );
});

describe("live updates", () => {
  it(
    "shows a session ingested while the conversations list and the overview are open within 2 s, without a reload",
    async () => {
      const list = await context.newPage();
      const overviewPage = await context.newPage();
      await list.goto(`${stack.web.url}/conversations`);
      await overviewPage.goto(`${stack.web.url}/`);
      await Promise.all([waitLive(list), waitLive(overviewPage)]);
      const before = await api(overviewPage, "/api/v1/stats/overview", overviewSchema);
      let reloads = 0;
      list.on("load", () => (reloads += 1));
      overviewPage.on("load", () => (reloads += 1));

      const session: CorpusSession = {
        id: "live-new",
        project: "gamma",
        developer: "linus",
        agent: "gemini",
        startedMinutesAgo: 0,
        responses: 1,
      };
      const sentAt = Date.now();
      await sendSession(stack.api, collector, session);
      await eventually(
        () => stack.prisma.conversation.findFirst({ where: { collectorSessionId: "live-new" } }),
        {
          intervalMs: 20,
        },
      );
      const committedAt = Date.now();
      // The 2 s goal is measured (logged below, reported in the notes), not asserted: a loaded CI machine must not
      // fail the suite. Both pages are live (no polling runs while the stream is up), so what shows the session
      // without a reload is the pushed event.
      await list.getByRole("link", { name: "live-new-slug" }).waitFor({ timeout: LIVE_WAIT_MS });
      const listShownAt = Date.now();
      await overviewPage.getByTestId("live-board").getByRole("link", { name: "live-new-slug" }).waitFor({
        timeout: LIVE_WAIT_MS,
      });
      await overviewPage.waitForFunction(
        (sessions) => document.querySelector('[data-testid="total-sessions"]')?.textContent === sessions,
        formatInteger(before.totals.sessions + 1),
        { timeout: LIVE_WAIT_MS },
      );
      const overviewShownAt = Date.now();
      expect(reloads).toBe(0);
      console.log(
        `live update: commit ${committedAt - sentAt} ms after the 202; list ${listShownAt - committedAt} ms and ` +
          `overview ${overviewShownAt - committedAt} ms after the commit`,
      );
      await list.close();
      await overviewPage.close();
    },
    TIMEOUT_MS,
  );

  it(
    "says it is offline and polls every 15 s when the live stream is unavailable",
    async () => {
      const offline = await context.newPage();
      await offline.route("**/api/v1/events", (route) => route.fulfill({ status: 503, body: "" }));
      await offline.goto(`${stack.web.url}/conversations`);
      await offline.locator('[data-live-state="offline"]').waitFor({ timeout: 10_000 });
      expect(await offline.getByRole("status").filter({ hasText: "Offline" }).count()).toBe(1);
      await sendSession(stack.api, collector, {
        id: "polled",
        project: "gamma",
        developer: "linus",
        agent: "gemini",
        startedMinutesAgo: 0,
        responses: 1,
      });
      await offline.getByRole("link", { name: "polled-slug" }).waitFor({ timeout: 20_000 });
      await offline.close();
    },
    TIMEOUT_MS,
  );

  it(
    "adds a running session's new messages to its open transcript, without a reload",
    async () => {
      const running = CORPUS.find((session) => session.id === "live-alpha-2");
      if (!running) throw new Error("the corpus has no running session");
      const row = await stack.prisma.conversation.findFirstOrThrow({
        where: { workspaceId: team.workspace.id, collectorSessionId: running.id },
        select: { id: true, lastEventSequence: true },
      });
      const detail = await context.newPage();
      let reloads = 0;
      await detail.goto(`${stack.web.url}/conversations/${row.id}`);
      detail.on("load", () => (reloads += 1));
      await waitLive(detail);
      await detail.getByText("answer 1", { exact: true }).waitFor();
      const at = new Date().toISOString();
      const sent = await sendBatch(stack.api, collector, running.id, [
        {
          sequence: row.lastEventSequence + 1,
          type: "message",
          emitted_at: at,
          observed_at: at,
          data: {
            author_role: "human",
            message_type: "prompt",
            content: "one more thing from the live test",
          },
        },
      ]);
      expect(sent.status).toBe(202);
      await detail.getByText("one more thing from the live test").waitFor({ timeout: LIVE_WAIT_MS });
      expect(reloads).toBe(0);
      await detail.close();
    },
    TIMEOUT_MS,
  );
});

describe("ingestion", () => {
  it(
    "shows the collector and a parked batch; a member has no re-drive button; an admin re-drives it",
    async () => {
      await page.goto(`${stack.web.url}/ingestion`);
      await waitLive(page);
      const health = page.getByTestId("collector-health");
      await health.getByRole("rowheader", { name: "test collector" }).waitFor();
      expect(await health.getByText("Healthy").count()).toBe(1);
      await page.getByTestId("no-parked").waitFor();

      await stack.prisma.$executeRawUnsafe(
        `ALTER TABLE messages ADD CONSTRAINT no_poison CHECK (content NOT LIKE '%POISON%')`,
      );
      const sent = await sendBatch(
        stack.api,
        collector,
        "poisoned",
        sessionEvents(1, 3, undefined, (n) => `POISON ${n}`),
      );
      expect(sent.status).toBe(202);
      // Announced by the live stream (ingestion.failed): no reload.
      const parkedRow = page.getByTestId("parked-batches").getByRole("row").nth(1);
      await parkedRow.waitFor({ timeout: 30_000 });
      expect(await parkedRow.textContent()).toContain("no_poison");
      await page.getByTestId("collector-health").getByText("Failing").waitFor();

      const memberContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const memberPage = await memberContext.newPage();
      await signIn(memberPage, team.users.member.email);
      await memberPage.goto(`${stack.web.url}/ingestion`);
      await memberPage.getByTestId("parked-batches").waitFor();
      expect(await memberPage.getByRole("button", { name: /Re-drive/ }).count()).toBe(0);
      expect(await seriousAxeViolations(memberPage)).toEqual([]);
      await memberContext.close();

      await stack.prisma.$executeRawUnsafe(`ALTER TABLE messages DROP CONSTRAINT no_poison`);
      await page.getByRole("button", { name: /Re-drive/ }).click();
      await page.getByText(/re-queued/).waitFor();
      await page.getByTestId("no-parked").waitFor({ timeout: 30_000 });
      await eventually(() =>
        stack.prisma.ingestionJob.findFirst({
          where: { conversation: { collectorSessionId: "poisoned" }, status: "succeeded" },
        }),
      );
    },
    TIMEOUT_MS,
  );

  it(
    "filters the batches by status in the URL",
    async () => {
      await page.goto(`${stack.web.url}/ingestion`);
      await page.getByLabel("Status").selectOption("succeeded");
      await page.waitForURL(/status=succeeded/);
      const rows = page.getByTestId("jobs").locator("tbody tr");
      await rows.first().waitFor();
      expect((await rows.allTextContents()).every((text) => text.includes("Applied"))).toBe(true);
    },
    TIMEOUT_MS,
  );
});

describe("settings: collectors", () => {
  it(
    "creates a collector whose key is shown once with the lines to paste, works, and is revoked",
    async () => {
      await page.goto(`${stack.web.url}/settings/collectors`);
      await page.getByLabel("Name").fill("ada laptop");
      await page.getByLabel("Description (optional)").fill("backfill of old sessions");
      await page.getByRole("button", { name: "Create collector" }).click();
      const lines = ((await page.getByTestId("collector-env").textContent()) ?? "").split("\n");
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^CATSYPHON_SERVER_URL=http:\/\/.+:8000$/);
      const key = /^CATSYPHON_API_KEY=(cs_test_[A-Za-z0-9]{32})$/.exec(lines[1] ?? "")?.[1];
      const id = /^CATSYPHON_COLLECTOR_ID=([0-9a-f-]{36})$/.exec(lines[2] ?? "")?.[1];
      if (!key || !id) throw new Error(`unexpected lines: ${lines.join(" | ")}`);
      expect(
        (await sendBatch(stack.api, { id, api_key: key }, "from-laptop", sessionEvents(1, 2))).status,
      ).toBe(202);
      await page.getByRole("cell", { name: /ada laptop backfill/ }).waitFor();
      await page.reload();
      expect(await page.getByTestId("collector-env").count()).toBe(0);
      expect(await page.content()).not.toContain(key);

      page.once("dialog", (dialog) => void dialog.accept());
      await page.getByRole("button", { name: "Revoke ada laptop" }).click();
      await page.getByRole("cell", { name: "⊘ revoked" }).waitFor();
      await eventually(
        async () =>
          (await sendBatch(stack.api, { id, api_key: key }, "after-revoke", sessionEvents(1, 2))).status ===
          401,
        { timeoutMs: 15_000, intervalMs: 500 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    "shows a viewer the list without create or revoke",
    async () => {
      const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const viewerPage = await viewerContext.newPage();
      await signIn(viewerPage, team.users.viewer.email);
      await viewerPage.goto(`${stack.web.url}/settings/collectors`);
      await viewerPage.getByRole("heading", { name: /Collectors \(/ }).waitFor();
      expect(await viewerPage.getByRole("button", { name: /Create collector|Revoke/ }).count()).toBe(0);
      await viewerContext.close();
    },
    TIMEOUT_MS,
  );
});

describe("every new page", () => {
  const pages = () => [
    { name: "overview", path: "/" },
    { name: "projects", path: "/projects" },
    { name: "project-detail", path: `/projects/${alphaId}` },
    { name: "developers", path: "/developers" },
    { name: "developer-detail", path: `/developers/${adaId}` },
    { name: "ingestion", path: "/ingestion" },
    { name: "settings-collectors", path: "/settings/collectors" },
  ];

  it(
    "has one h1 and no serious or critical axe-core violation at 1280 px",
    async () => {
      expect(alphaId && adaId).toBeTruthy();
      for (const target of pages()) {
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(`${stack.web.url}${target.path}`);
        await waitLive(page);
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
      await signIn(phonePage, team.users.admin.email);
      for (const target of pages()) {
        await phonePage.goto(`${stack.web.url}${target.path}`);
        await waitLive(phonePage);
        expect({ page: target.name, h1: await h1Count(phonePage) }).toEqual({ page: target.name, h1: 1 });
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
      await phone.close();
    },
    TIMEOUT_MS,
  );
});
