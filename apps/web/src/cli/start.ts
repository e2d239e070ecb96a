// `pnpm --filter @catsyphon/web start`: validates the environment, builds the app when its sources changed since
// the last build, makes sure the default workspace and the first user exist, then serves the production build on
// WEB_PORT through Node's http server. A small custom server rather than `next start` because Next fills
// X-Forwarded-For only when the client sent none, so a client could choose its own address for the per-address
// sign-in limit; here every request gets the socket's address (or, with TRUST_PROXY, the first X-Forwarded-For hop)
// in a header the client cannot set.
import { once } from "node:events";
import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import path from "node:path";
import { createPrismaClient } from "@catsyphon/db";
import { runService } from "@catsyphon/service-runtime";
import next from "next";
import { CLIENT_ADDRESS_HEADER } from "../server/client-address";
import { webEnv } from "../server/env";
import { closeLiveEventHub } from "../server/live-events/shutdown";
import { createWebMetrics } from "../server/metrics/web-metrics";
import { buildIfStale } from "./build-if-stale";
import { disableNextTelemetry } from "./env";
import { bootstrapAccounts } from "./init-admin";

const APP_DIR = path.resolve(__dirname, "..", "..");
const DRAIN_TIMEOUT_MS = 10_000;

runService({
  name: "web",
  readEnv: webEnv,
  startFailureHint:
    "is Postgres reachable and migrated (pnpm db:migrate), and has `pnpm --filter @catsyphon/web build` run?",
  stoppingMessage: "draining in-flight requests",
  start: async (env, logger) => {
    disableNextTelemetry();
    if (buildIfStale((message) => logger.info(message))) logger.info("built the web app");
    const prisma = createPrismaClient({
      databaseUrl: env.DATABASE_URL,
      poolSize: 1,
      applicationName: "catsyphon-web-boot",
    });
    try {
      const initAdmin =
        env.CATSYPHON_INIT_ADMIN_EMAIL && env.CATSYPHON_INIT_ADMIN_PASSWORD
          ? { email: env.CATSYPHON_INIT_ADMIN_EMAIL, password: env.CATSYPHON_INIT_ADMIN_PASSWORD }
          : undefined;
      const boot = await bootstrapAccounts(prisma, initAdmin);
      if (boot.initAdmin?.created)
        logger.info(
          { userId: boot.initAdmin.userId },
          "created the first user (owner of the default workspace)",
        );
    } finally {
      await prisma.$disconnect();
    }

    const server = createServer();
    server.listen(env.WEB_PORT);
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    const app = next({ dev: false, dir: APP_DIR, port });
    await app.prepare();
    const handle = app.getRequestHandler();
    const metrics = createWebMetrics({ appDir: APP_DIR, token: env.METRICS_TOKEN });
    server.on("request", (req, res) => {
      if (metrics.answer(req, res)) return;
      metrics.track(req, res);
      const forwarded = env.TRUST_PROXY
        ? String(req.headers["x-forwarded-for"] ?? "")
            .split(",")[0]
            ?.trim()
        : undefined;
      req.headers[CLIENT_ADDRESS_HEADER] = forwarded || req.socket.remoteAddress || "unknown";
      void handle(req, res);
    });

    let closing: Promise<void> | undefined;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () => {
        closing ??= (async () => {
          // Live-update streams never end on their own: close them first, so the drain below does not wait
          // for them (their clients reconnect and resume from their last event id).
          await closeLiveEventHub();
          const closed = new Promise<void>((resolve) => server.close(() => resolve()));
          server.closeIdleConnections();
          const timer = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
          await closed;
          clearTimeout(timer);
          await app.close();
        })();
        return closing;
      },
    };
  },
  started: (service) => ({ message: "listening", fields: { url: service.url } }),
});
