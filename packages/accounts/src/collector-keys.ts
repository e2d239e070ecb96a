// Collector keys (`cs_<env>_<32 random>`, DESIGN §2) and the collector rows that hold their hashes. Issued by the
// ingest API (registration, built-in credentials) and by the dashboard (an admin creates a collector): one code
// path, so a key made by either is the same format and hash, and the ingest API accepts both.
import { type PrismaClient } from "@catsyphon/db";
import {
  type ApiKeyEnvironment,
  apiKeyPrefix,
  API_KEY_RANDOM_LENGTH,
  formatApiKey,
} from "@catsyphon/protocol";
import { randomAlphanumeric, sha256Hex } from "./secrets";

export interface IssuedCollectorKey {
  /** Shown to the caller once, never stored. */
  apiKey: string;
  apiKeyPrefix: string;
  apiKeyHash: string;
}

/** A new collector key, its displayable prefix and its stored hash (SHA-256, as the ingest API checks it). */
export function issueCollectorKey(environment: ApiKeyEnvironment): IssuedCollectorKey {
  const apiKey = formatApiKey(environment, randomAlphanumeric(API_KEY_RANDOM_LENGTH));
  return { apiKey, apiKeyPrefix: apiKeyPrefix(apiKey), apiKeyHash: sha256Hex(apiKey) };
}

export interface NewCollector {
  workspaceId: string;
  keyEnvironment: ApiKeyEnvironment;
  collectorType: string;
  collectorVersion: string;
  hostname: string | null;
  name?: string | null;
  description?: string | null;
  metadata?: object;
  isBuiltin?: boolean;
}

export interface CreatedCollector {
  id: string;
  workspaceId: string;
  /** The plaintext key: exists only here. */
  apiKey: string;
  apiKeyPrefix: string;
  createdAt: Date;
}

type CollectorWriter = Pick<PrismaClient, "collectorConfig">;

/** Creates a collector row with a freshly issued key (a transaction client works too). */
export async function createCollectorWithKey(
  db: CollectorWriter,
  input: NewCollector,
): Promise<CreatedCollector> {
  const key = issueCollectorKey(input.keyEnvironment);
  const collector = await db.collectorConfig.create({
    data: {
      workspaceId: input.workspaceId,
      collectorType: input.collectorType,
      collectorVersion: input.collectorVersion,
      hostname: input.hostname,
      name: input.name ?? null,
      description: input.description ?? null,
      metadata: input.metadata ?? {},
      isBuiltin: input.isBuiltin ?? false,
      apiKeyHash: key.apiKeyHash,
      apiKeyPrefix: key.apiKeyPrefix,
    },
    select: { id: true, createdAt: true },
  });
  return {
    id: collector.id,
    workspaceId: input.workspaceId,
    apiKey: key.apiKey,
    apiKeyPrefix: key.apiKeyPrefix,
    createdAt: collector.createdAt,
  };
}
