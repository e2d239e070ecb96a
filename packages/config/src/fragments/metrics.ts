import { envShape, text } from "../fields";

// Every service serves /metrics on its own port (decision 0067); with a token set, a scraper must send it.
export const metricsFragment = envShape({
  // Long enough not to be guessable; Prometheus sends it with `authorization: { credentials: ... }`.
  METRICS_TOKEN: text(24).optional(),
});
