import { bool, envShape } from "../fields";

// Shared by the services that face clients (ingest API, web): one switch for "a proxy we run is in front".
export const proxyFragment = envShape({
  // Honour X-Forwarded-* (client IP, protocol) only behind a proxy we control.
  TRUST_PROXY: bool().default(false),
});
