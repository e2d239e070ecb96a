// The real ingest API, worker and tagger (child processes) on a real Redis Cluster of three masters that this file
// starts, with REDIS_CLUSTER=true: a session sent through the collector API lands in Postgres and is tagged (the
// worker enqueues the tagging job on the cluster), sequencing answers 409 on a gap, the rate limiter answers 429, /ready and the /metrics queue gauges work, and every key the apps wrote sits
// in the prefix's one slot. A prefix without a hash tag refuses to start.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createPrismaClient, type PrismaClient } from "@catsyphon/db";
import { parseExposition } from "@catsyphon/metrics";
import { type CollectorCredentials, type ProtocolEventInput } from "@catsyphon/protocol";
import {
  createTestDatabase,
  eventually,
  type IngestApiProcess,
  type IngestWorkerProcess,
  redisClusterSlot,
  type RedisClusterServer,
  startIngestApiProcess,
  startIngestWorkerProcess,
  startRedisCluster,
  startTaggerProcess,
  type TaggerProcess,
  type TestDatabase,
  type TestRedis,
} from "@catsyphon/testing";
import { seedEvents } from "./harness";

const CLUSTER_ENV = { REDIS_CLUSTER: "true" };
const REQUESTS_PER_MIN = 5;

describe("the ingest API and worker on a Redis Cluster", () => {
  let cluster: RedisClusterServer;
  let database: TestDatabase;
  let redis: TestRedis;
  let api: IngestApiProcess;
  let worker: IngestWorkerProcess;
  let tagger: TaggerProcess;
  let prisma: PrismaClient;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    database = await createTestDatabase("redis-cluster");
    redis = cluster.testRedis("redis-cluster");
    prisma = createPrismaClient({ databaseUrl: database.url, poolSize: 2 });
    const env = { ...CLUSTER_ENV, RATE_LIMIT_REQUESTS_PER_MIN: String(REQUESTS_PER_MIN) };
    api = await startIngestApiProcess({ label: "redis-cluster", database, redis, env });
    worker = await startIngestWorkerProcess({ database, redis, env: CLUSTER_ENV });
    tagger = await startTaggerProcess({ database, redis, env: CLUSTER_ENV });
  }, 120_000);

  afterAll(async () => {
    await tagger?.stop();
    await worker?.stop();
    await api?.stop();
    await prisma?.$disconnect();
    await redis?.cleanup();
    await database?.drop();
    await cluster?.stop();
  });

  async function registerCollector(hostname: string): Promise<CollectorCredentials> {
    const res = await fetch(`${api.url}/collectors`, {
      method: "POST",
      headers: { authorization: `Bearer ${api.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ collector_type: "watcher", collector_version: "1.0.0", hostname }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as CollectorCredentials;
  }

  const send = (collector: CollectorCredentials, sessionId: string, events: ProtocolEventInput[]) =>
    fetch(`${api.url}/collectors/events`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${collector.api_key}`,
        "x-collector-id": collector.collector_id,
        "content-type": "application/json",
      },
      body: JSON.stringify({ session_id: sessionId, events }),
    });

  /** Every key under the test's prefix, from every master (SCAN walks one node), with the master's port. */
  async function keysOnTheCluster(): Promise<{ key: string; port: number }[]> {
    const client = cluster.client();
    try {
      await client.ping();
      const found: { key: string; port: number }[] = [];
      for (const master of client.nodes("master")) {
        let cursor = "0";
        do {
          const [next, keys] = await master.scan(cursor, "MATCH", `${redis.prefix}*`, "COUNT", 1000);
          found.push(...keys.map((key) => ({ key, port: Number(master.options.port) })));
          cursor = next;
        } while (cursor !== "0");
      }
      return found;
    } finally {
      client.disconnect();
    }
  }

  it("stores and tags a session sent through the collector API, and answers 409 on a sequence gap", async () => {
    const collector = await registerCollector("cluster-laptop");
    const events = seedEvents();
    const sent = await send(collector, "cluster-session", events);
    expect(sent.status).toBe(202);
    const { conversation_id: conversationId } = (await sent.json()) as { conversation_id: string };

    const stored = await eventually(() =>
      prisma.conversation.findFirst({
        where: { id: conversationId, status: "completed" },
        include: { messages: true },
      }),
    );
    expect(stored.messages.length).toBeGreaterThan(0);
    const jobs = await prisma.ingestionJob.findMany({ where: { conversationId } });
    expect(jobs.map((job) => job.status)).toEqual(["succeeded"]);
    // The worker queued the tagging job on the cluster and the tagger (rule tags only) took it from there.
    const tags = await eventually(async () => {
      const row = await prisma.conversation.findUnique({ where: { id: conversationId } });
      const stored = row?.tags as { _meta?: { llm_status?: string } } | null | undefined;
      return stored?._meta ? stored : null;
    });
    expect(tags._meta).toMatchObject({ llm_status: "disabled" });

    // The session's counter (a Lua script over three keys on the cluster) is at the last sequence: skipping on
    // is refused with the sequence the client must resend from.
    const lastSequence = Math.max(...events.map((event) => event.sequence ?? 0));
    const skipping = events.slice(0, 1).map((event) => ({ ...event, sequence: lastSequence + 5 }));
    const gap = await send(collector, "cluster-session", skipping);
    expect(gap.status).toBe(409);
    expect(await gap.json()).toMatchObject({ error: "sequence_gap", expected_sequence: lastSequence + 1 });
  });

  it("limits a collector's requests with the token bucket kept on the cluster", async () => {
    const collector = await registerCollector("cluster-busy");
    const events = seedEvents().slice(0, 2);
    const statuses: number[] = [];
    // The same batch again is an idempotent resubmission (202), so only the limiter can say no.
    for (let i = 0; i <= REQUESTS_PER_MIN; i++)
      statuses.push((await send(collector, "cluster-busy", events)).status);
    expect(statuses.slice(0, REQUESTS_PER_MIN)).toEqual(Array(REQUESTS_PER_MIN).fill(202));
    expect(statuses[REQUESTS_PER_MIN]).toBe(429);
  });

  it("is ready, counts the queues on /metrics, and keeps every key in the prefix's one slot", async () => {
    const apiReady = await fetch(`${api.url}/ready`);
    expect(apiReady.status).toBe(200);
    expect(await apiReady.json()).toMatchObject({ checks: { redis: "ok" } });
    expect((await fetch(`${worker.healthUrl}/ready`)).status).toBe(200);
    expect((await fetch(`${tagger.healthUrl}/ready`)).status).toBe(200);

    const samples = parseExposition(await (await fetch(`${api.url}/metrics`)).text());
    expect(samples.get("catsyphon_queue_counts_ok")).toBe(1);
    expect(samples.get('catsyphon_queue_jobs{queue="ingest",state="waiting"}')).toBe(0);
    expect(samples.get('catsyphon_queue_jobs{queue="ingest",state="failed"}')).toBe(0);

    const keys = await keysOnTheCluster();
    expect(keys.some(({ key }) => key.includes(":seq:"))).toBe(true);
    expect(keys.some(({ key }) => key.includes(":rl:"))).toBe(true);
    expect(keys.some(({ key }) => key.startsWith(`${redis.prefix}:ingest:`))).toBe(true);
    expect(keys.some(({ key }) => key.startsWith(`${redis.prefix}:tagging:`))).toBe(true);
    // All in one slot by design (the hash tag), hence on one master.
    expect(new Set(keys.map(({ key }) => redisClusterSlot(key)))).toEqual(
      new Set([redisClusterSlot(redis.prefix)]),
    );
    expect(new Set(keys.map(({ port }) => port)).size).toBe(1);
  });

  it("refuses to start with a prefix that has no hash tag, naming REDIS_KEY_PREFIX", async () => {
    const attempt = startIngestApiProcess({
      label: "redis-cluster-nobraces",
      database,
      redis: { ...redis, prefix: "cs_test_no_hash_tag" },
      env: CLUSTER_ENV,
    });
    await expect(attempt).rejects.toThrow(/REDIS_KEY_PREFIX/);
    await expect(attempt).rejects.toThrow(/CROSSSLOT/);
  });
});
