// A whole CatSyphon of its own for the screenshot and page-timing scripts: a fresh database and Redis prefix, the
// ingest API, the ingest worker and the web app (production build) as child processes (the tests' helpers), the
// demo corpus sent through the collector API and waited for, and a dashboard owner to sign in as.
import { createUser, DEFAULT_WORKSPACE_SLUG } from "@catsyphon/accounts";
import { createPrismaClient, type PrismaClient } from "@catsyphon/db";
import {
  createTestDatabase,
  createTestRedis,
  type IngestApiProcess,
  type IngestWorkerProcess,
  startIngestApiProcess,
  startIngestWorkerProcess,
  startWebProcess,
  type TestDatabase,
  type TestRedis,
  type WebProcess,
} from "@catsyphon/testing";
import { type Page } from "playwright-core";
import { buildIfStale } from "../src/cli/build-if-stale";
import { type DemoOptions } from "./corpus";
import { loadDemoCorpus, type LoadResult, registerDemoCollector } from "./load";

export const DEMO_EMAIL = "ada@demo.example";
export const DEMO_PASSWORD = "a long demo password";

export interface DemoStack {
  web: WebProcess;
  api: IngestApiProcess;
  prisma: PrismaClient;
  load: LoadResult;
  workspaceId: string;
  close(): Promise<void>;
}

/** Waits until the worker has stored every session up to the last sequence sent. */
export async function untilStored(
  prisma: PrismaClient,
  lastSequences: Map<string, number>,
  timeoutMs = 300_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await prisma.conversation.findMany({
      where: { collectorSessionId: { in: [...lastSequences.keys()] } },
      select: { collectorSessionId: true, lastEventSequence: true },
    });
    const done = rows.filter(
      (row) => row.lastEventSequence >= (lastSequences.get(row.collectorSessionId) ?? 0),
    );
    if (done.length === lastSequences.size) return;
    if (Date.now() > deadline) {
      throw new Error(`the worker stored ${done.length} of ${lastSequences.size} demo sessions in time`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Waits (at most 90 s) for the worker's idle sweep, which runs once a minute, to close the sessions that ended
 * without a session_end, as a real instance does: only the running sessions stay active, as on the live board.
 */
async function untilIdleSwept(prisma: PrismaClient, running: number, log: (line: string) => void) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const active = await prisma.conversation.count({ where: { status: "active" } });
    if (active <= running) return;
    if (Date.now() > deadline) {
      log(`  ${active} sessions still active (the idle sweep did not run in time)`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export async function startDemoStack(
  label: string,
  corpus: Omit<DemoOptions, "anchorMs">,
  log: (line: string) => void = () => undefined,
): Promise<DemoStack> {
  log("build web app (skipped when current)");
  buildIfStale(log);
  let database: TestDatabase | undefined;
  let redis: TestRedis | undefined;
  let api: IngestApiProcess | undefined;
  let worker: IngestWorkerProcess | undefined;
  let web: WebProcess | undefined;
  let prisma: PrismaClient | undefined;
  const close = async () => {
    await prisma?.$disconnect();
    await web?.stop();
    await worker?.stop();
    await api?.stop();
    await redis?.cleanup().catch(() => undefined);
    await database?.drop();
  };
  try {
    database = await createTestDatabase(label);
    redis = createTestRedis(label);
    const shared = { database, redis };
    log("start ingest API, worker and web app");
    [api, worker, web] = await Promise.all([
      startIngestApiProcess({
        label,
        ...shared,
        env: { RATE_LIMIT_EVENTS_PER_MIN: "0", RATE_LIMIT_REQUESTS_PER_MIN: "0" },
      }),
      startIngestWorkerProcess(shared),
      startWebProcess({ label, ...shared, startTimeoutMs: 300_000 }),
    ]);
    prisma = createPrismaClient({ databaseUrl: database.url, poolSize: 2, applicationName: label });
    const collector = await registerDemoCollector(api.url, api.adminToken);
    log(`load demo corpus (${corpus.sessions} sessions, the long one ${corpus.longSessionRows} rows)`);
    const load = await loadDemoCorpus(collector, corpus);
    await untilStored(prisma, load.lastSequences);
    log(`  ${load.events} events stored`);
    await untilIdleSwept(prisma, corpus.runningSessions, log);
    await createUser(prisma, {
      email: DEMO_EMAIL,
      password: DEMO_PASSWORD,
      workspaceSlug: DEFAULT_WORKSPACE_SLUG,
      role: "owner",
      name: "Ada Lovelace",
    });
    return { web, api, prisma, load, workspaceId: collector.workspaceId, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function signIn(page: Page, webUrl: string): Promise<void> {
  await page.goto(`${webUrl}/sign-in`);
  await page.getByLabel("Email").fill(DEMO_EMAIL);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname === "/"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}

/** The conversation id of a demo session. */
export async function conversationIdOf(prisma: PrismaClient, sessionId: string): Promise<string> {
  const row = await prisma.conversation.findFirst({
    where: { collectorSessionId: sessionId },
    select: { id: true },
  });
  if (!row) throw new Error(`no conversation for session ${sessionId}`);
  return row.id;
}
