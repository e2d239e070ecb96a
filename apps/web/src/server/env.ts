// The web app's configuration, validated once per process (the start script validates it before Next boots).
import { loadWebEnv, type WebEnv } from "@catsyphon/config";

let cached: WebEnv | undefined;

export function webEnv(): WebEnv {
  cached ??= loadWebEnv(process.env);
  return cached;
}
