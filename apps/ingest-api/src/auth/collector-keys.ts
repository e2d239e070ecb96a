import {
  type ApiKeyEnvironment,
  apiKeyPrefix,
  API_KEY_RANDOM_LENGTH,
  formatApiKey,
} from "@catsyphon/protocol";
import { randomAlphanumeric, sha256Hex } from "@catsyphon/accounts";

export interface IssuedCollectorKey {
  /** Shown to the caller once, never stored. */
  apiKey: string;
  apiKeyPrefix: string;
  apiKeyHash: string;
}

/** A new `cs_<env>_<32 random>` collector key, its displayable prefix and its stored hash. */
export function issueCollectorKey(environment: ApiKeyEnvironment): IssuedCollectorKey {
  const apiKey = formatApiKey(environment, randomAlphanumeric(API_KEY_RANDOM_LENGTH));
  return { apiKey, apiKeyPrefix: apiKeyPrefix(apiKey), apiKeyHash: sha256Hex(apiKey) };
}
