// The web app's production process, shared by the development start (start.ts: builds first when the sources
// changed) and the built one (start-standalone.ts, bundled into .next/standalone: never builds). Validates the
// environment, makes sure the default workspace and the first user exist, then serves the production build on
// WEB_PORT through Node's http server. A small custom server rather than `next start` because Next fills
// X-Forwarded-For only when the client sent none, so a client could choose its own address for the per-address
// sign-in limit; here every request gets the socket's address (or, with TRUST_PROXY, the first X-Forwarded-For hop)
// in a header the client cannot set.
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import path from "node:path";
import { createPrismaClient } from "@catsyphon/db";
import { runService } from "@catsyphon/service-runtime";
import next from "next";
import { z } from "zod";
import { CLIENT_ADDRESS_HEADER } from "../server/client-address";
import { webEnv } from "../server/env";
import { closeLiveEventHub } from "../server/live-events/shutdown";
import { createWebMetrics } from "../server/metrics/web-metrics";
import { disableNextTelemetry, useBuiltNextConfig } from "./env";
import { bootstrapAccounts } from "./init-admin";

const DRAIN_TIMEOUT_MS = 10_000;
const requiredServerFiles = z.object({ config: z.record(z.string(), z.unknown()) });

/**
 * The configuration `next build` resolved, which the standalone tree needs (it has no next.config.ts, nor the
 * compiler to load one); the source tree uses it too, so both serve exactly what was built.
 */
function loadBuiltNextConfig(appDir: string): void {
  const file = path.join(appDir, ".next", "required-server-files.json");
  useBuiltNextConfig(requiredServerFiles.parse(JSON.parse(readFileSync(file, "utf8"))).config);
}

export interface WebServiceOptions {
  /** The folder holding the app's .next build. */
  appDir: string;
  /** Runs before anything else, e.g. a build when the sources changed. */
  prepare?(log: (message: string) => void): void;
  startFailureHint: string;
}

export function runWebService(options: WebServiceOptions): void {
  runService({
    name: "web",
    readEnv: webEnv,
    startFailureHint: options.startFailureHint,
    stoppingMessage: "draining in-flight requests",
    start: async (env, logger) => {
      disableNextTelemetry();
      options.prepare?.((message) => logger.info(message));
      loadBuiltNextConfig(options.appDir);
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

      // The port is bound before Next is prepared (Next wants to know it); a request that arrives in between gets
      // a 503 at once, instead of hanging until Next is ready (probes and load balancers retry).
      let ready = false;
      const server = createServer((req, res) => {
        if (ready) return;
        res
          .writeHead(503, { "content-type": "application/json", "retry-after": "1" })
          .end(JSON.stringify({ status: "starting", message: "the web app is starting" }));
      });
      server.listen(env.WEB_PORT);
      await once(server, "listening");
      const { port } = server.address() as AddressInfo;
      const app = next({ dev: false, dir: options.appDir, port });
      await app.prepare();
      const handle = app.getRequestHandler();
      const metrics = createWebMetrics({ appDir: options.appDir, token: env.METRICS_TOKEN });
      ready = true;
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
}
