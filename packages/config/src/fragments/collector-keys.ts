import { envShape, oneOf } from "../fields";

/** Collector keys are issued by the ingest API (registration) and by the web app (an admin creates a collector). */
export const collectorKeysFragment = envShape({
  // The <env> part of issued collector keys, cs_<env>_<random>.
  CATSYPHON_KEY_ENV: oneOf(["live", "test", "dev"]).default("live"),
});
