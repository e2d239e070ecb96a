import { type IngestApiEnv } from "@catsyphon/config";
import { type PrismaClient } from "@catsyphon/db";
import { type Logger } from "@catsyphon/logger";
import { type QueueProducer } from "@catsyphon/queue";
import { type RedisClient } from "@catsyphon/queue";
import { type AuthContext } from "./auth/authenticate";
import { type ApiMetrics } from "./http/metrics";
import { type CollectorRateLimiter } from "./rate-limit/token-bucket";
import { type SessionSequencer } from "./sequencing/session-sequencer";

/** Everything a request handler may use; built once in main.ts (and by tests, with real services). */
export interface AppContext {
  env: IngestApiEnv;
  logger: Logger;
  prisma: PrismaClient;
  redis: RedisClient;
  producer: QueueProducer;
  auth: AuthContext;
  sequencer: SessionSequencer;
  rateLimiter: CollectorRateLimiter;
  metrics: ApiMetrics;
  /** Flips to true at SIGTERM: /ready fails so load balancers stop sending traffic while requests drain. */
  lifecycle: { shuttingDown: boolean };
}
