import { envShape, int, port, text, url } from "../fields";

export const taggerFragment = envShape({
  // Optional because local OpenAI-compatible servers often need no key.
  OPENAI_API_KEY: text().optional(),
  // Any OpenAI-compatible endpoint (e.g. a local model server); unset means api.openai.com.
  OPENAI_BASE_URL: url(["http", "https"]).optional(),
  TAGGER_MODEL: text().default("gpt-4o-mini"),
  TAGGER_CONCURRENCY: int(1, 64).default(2),
  TAGGER_HEALTH_PORT: port().default(8002),
});
