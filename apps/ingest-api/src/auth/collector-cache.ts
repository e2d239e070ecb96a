// Collector rows change rarely (registration, revocation) but are read on every request. A short in-process cache
// takes a Postgres round trip off the hot path; a revocation reaches every replica within the TTL.

export interface CachedCollector {
  id: string;
  workspaceId: string;
  apiKeyHash: string;
  revokedAt: Date | null;
  collectorType: string;
}

export const COLLECTOR_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export class CollectorCache {
  private readonly entries = new Map<string, { row: CachedCollector; expiresAt: number }>();

  constructor(private readonly ttlMs = COLLECTOR_CACHE_TTL_MS) {}

  get(id: string): CachedCollector | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.row;
  }

  set(row: CachedCollector): void {
    if (this.entries.size >= MAX_ENTRIES) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(row.id, { row, expiresAt: Date.now() + this.ttlMs });
  }

  /** After this process changed collectors (e.g. rotated the built-in key), forget what it knew. */
  clear(): void {
    this.entries.clear();
  }
}
