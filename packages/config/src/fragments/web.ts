import { bool, email, envShape, int, port, text, url } from "../fields";

export const webFragment = envShape({
  WEB_PORT: port().default(3000),
  // A read replica (or any copy that lags a little) for the archive's reads: conversation, message, search,
  // overview, project, developer and ingestion pages and their GETs. Unset: every query goes to DATABASE_URL.
  DATABASE_READ_URL: url(["postgres", "postgresql"]).optional(),
  // First dashboard user; set both or neither (checked in webEnvSchema).
  CATSYPHON_INIT_ADMIN_EMAIL: email().optional(),
  CATSYPHON_INIT_ADMIN_PASSWORD: text(12).optional(),
  // Off by default so http://localhost works; turn on behind HTTPS.
  SESSION_COOKIE_SECURE: bool().default(false),
  // How long a sign-in lasts (hours); a session used in its second half is extended by the same span.
  SESSION_TTL_HOURS: int(1, 24 * 365).default(24 * 7),
  // Failed sign-ins allowed per account and per client address within the window before 429s.
  SIGN_IN_LIMIT_PER_ACCOUNT: int(1, 1_000_000).default(5),
  SIGN_IN_LIMIT_PER_ADDRESS: int(1, 1_000_000).default(20),
  SIGN_IN_LIMIT_WINDOW_SECONDS: int(1, 86_400).default(900),
  // Live updates (GET /api/v1/events): open streams allowed per web process and per user or API token (429
  // beyond), and the seconds between heartbeat comments that keep proxies from closing an idle stream.
  SSE_MAX_CONNECTIONS: int(1, 100_000).default(1_000),
  SSE_MAX_CONNECTIONS_PER_PRINCIPAL: int(1, 1_000).default(10),
  SSE_HEARTBEAT_SECONDS: int(1, 300).default(15),
  // The ingest API's address as developer machines reach it, shown with a new collector's key; unset: the
  // dashboard's own host name on port 8000.
  CATSYPHON_PUBLIC_INGEST_URL: url(["http", "https"]).optional(),
});
