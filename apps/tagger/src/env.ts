import { loadTaggerEnv, type TaggerEnv } from "@catsyphon/config";

export type { TaggerEnv };

/** The tagger's configuration, validated once at start (see .env.example). */
export function readEnv(): TaggerEnv {
  return loadTaggerEnv(process.env);
}
