// `pnpm demo`: loads the demo corpus into a running CatSyphon (`pnpm start`) through its collector API.
// Needs the ingest API's URL and either an admin credential (to register a collector) or a collector's key and id.
import { parseArgs } from "node:util";
import { z } from "zod";
import { DEMO_DEFAULTS } from "./corpus";
import { demoEnv } from "./env";
import { type CollectorKey, loadDemoCorpus, registerDemoCollector } from "./load";

const USAGE = `pnpm demo [--api-url URL] [--admin-token TOKEN | --collector-key cs_… --collector-id UUID]
          [--sessions N] [--long-session-rows N] [--running N] [--seed N]

Loads a demo corpus (${DEMO_DEFAULTS.sessions} sessions over the last 30 days: several projects, developers and
agents, tool calls, diffs, errors, sub-agents, ${DEMO_DEFAULTS.runningSessions} sessions running now) into a running
CatSyphon through the collector API. Start it first with \`CATSYPHON_ADMIN_TOKEN=… pnpm start\`.

  --api-url          the ingest API (env CATSYPHON_API_URL; default http://127.0.0.1:8000)
  --admin-token      an admin credential of the workspace: CATSYPHON_ADMIN_TOKEN (env) or a csa_ admin token;
                     registers a collector "demo-loader"
  --collector-key    instead: an existing collector's key and id (env CATSYPHON_COLLECTOR_KEY, CATSYPHON_COLLECTOR_ID)
Re-running is safe: the same sessions are sent again and acknowledged as duplicates.`;

const argsSchema = z
  .object({
    apiUrl: z.url().default("http://127.0.0.1:8000"),
    adminToken: z.string().min(1).optional(),
    collectorKey: z.string().min(1).optional(),
    collectorId: z.uuid().optional(),
    sessions: z.coerce.number().int().min(1).max(5000).default(DEMO_DEFAULTS.sessions),
    longSessionRows: z.coerce.number().int().min(20).max(50_000).default(DEMO_DEFAULTS.longSessionRows),
    running: z.coerce.number().int().min(0).max(50).default(DEMO_DEFAULTS.runningSessions),
    seed: z.coerce.number().int().min(0).default(DEMO_DEFAULTS.seed),
  })
  .refine((args) => args.adminToken !== undefined || (args.collectorKey && args.collectorId), {
    message: "give --admin-token (or CATSYPHON_ADMIN_TOKEN), or --collector-key and --collector-id",
  });

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "api-url": { type: "string" },
      "admin-token": { type: "string" },
      "collector-key": { type: "string" },
      "collector-id": { type: "string" },
      sessions: { type: "string" },
      "long-session-rows": { type: "string" },
      running: { type: "string" },
      seed: { type: "string" },
      help: { type: "boolean" },
    },
    args: process.argv.slice(2).filter((arg) => arg !== "--"),
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const env = demoEnv();
  const parsed = argsSchema.safeParse({
    apiUrl: values["api-url"] ?? env.apiUrl,
    adminToken: values["admin-token"] ?? env.adminToken,
    collectorKey: values["collector-key"] ?? env.collectorKey,
    collectorId: values["collector-id"] ?? env.collectorId,
    sessions: values.sessions,
    longSessionRows: values["long-session-rows"],
    running: values.running,
    seed: values.seed,
  });
  if (!parsed.success) {
    console.error(`${z.prettifyError(parsed.error)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const args = parsed.data;
  const apiUrl = args.apiUrl.replace(/\/+$/, "");
  let key: CollectorKey;
  if (args.collectorKey && args.collectorId) {
    key = { apiUrl, apiKey: args.collectorKey, collectorId: args.collectorId };
  } else {
    const registered = await registerDemoCollector(apiUrl, args.adminToken!);
    key = registered;
    console.log(
      `registered collector ${registered.collectorId} in workspace ${registered.workspaceId}; to reuse it:\n` +
        `  CATSYPHON_COLLECTOR_ID=${registered.collectorId} CATSYPHON_COLLECTOR_KEY=${registered.apiKey} pnpm demo`,
    );
  }
  const result = await loadDemoCorpus(key, {
    seed: args.seed,
    sessions: args.sessions,
    longSessionRows: args.longSessionRows,
    runningSessions: args.running,
  });
  console.log(
    `${result.reran ? "re-sent" : "sent"} ${result.sessions} sessions, ${result.events} events: ` +
      `${result.accepted} accepted, ${result.duplicates} duplicates acknowledged ` +
      `(anchor ${new Date(result.anchorMs).toISOString()}). ` +
      (result.accepted > 0
        ? "The worker writes them within seconds; open the dashboard."
        : "Nothing new to write."),
  );
}

main().catch((error: unknown) => {
  // fetch says only "fetch failed" when nothing answers; say where it looked and what to start.
  const unreachable = error instanceof TypeError && error.message === "fetch failed";
  console.error(
    unreachable
      ? "could not reach the ingest API (is `pnpm start` running? --api-url / CATSYPHON_API_URL say where it is)"
      : error instanceof Error
        ? error.message
        : error,
  );
  process.exitCode = 1;
});
