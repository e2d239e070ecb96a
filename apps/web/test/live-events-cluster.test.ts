// The web app's live-event hub on a real Redis Cluster (three masters this file starts), in process: events the
// worker would XADD reach clients through the hub's XREAD BLOCK reader, and a resuming client gets what it missed
// through XRANGE and XINFO on the command connection, each event once and in order, on cluster connections made
// by the same factory as the app's (REDIS_CLUSTER=true).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createLogger } from "@catsyphon/logger";
import { appendLiveEvent, createRedisConnection, type LiveEvent, type RedisClient } from "@catsyphon/queue";
import { eventually, type RedisClusterServer, startRedisCluster, type TestRedis } from "@catsyphon/testing";
import { Cluster } from "ioredis";
import { type LiveClient, LiveEventHub, type StreamEntry } from "../src/server/live-events/hub";

/** A stream's client as the hub sees it, recording what it is sent. */
class RecordingClient implements LiveClient {
  readonly entries: StreamEntry[] = [];
  readonly resyncs: string[] = [];
  closed = false;

  constructor(
    readonly workspaceId: string,
    readonly principalKey: string,
  ) {}

  deliver(entry: StreamEntry): boolean {
    this.entries.push(entry);
    return true;
  }

  resync(atId: string): void {
    this.resyncs.push(atId);
  }

  heartbeat(): void {}

  close(): void {
    this.closed = true;
  }
}

let cluster: RedisClusterServer;
let redis: TestRedis;
let commands: RedisClient;
let hub: LiveEventHub;
const workspaceId = randomUUID();

const updated = (lastSequence: number): LiveEvent => ({
  type: "conversation.updated",
  workspace_id: workspaceId,
  conversation_id: randomUUID(),
  parent_conversation_id: null,
  status: "active",
  last_sequence: lastSequence,
});

beforeAll(async () => {
  cluster = await startRedisCluster();
  redis = cluster.testRedis("web-live-events");
  const options = { name: "web-cluster-test", cluster: true, keyPrefix: redis.prefix };
  commands = createRedisConnection(cluster.url, "producer", {
    ...options,
    redisOptions: { enableOfflineQueue: true },
  });
  hub = new LiveEventHub({
    openReader: () => createRedisConnection(cluster.url, "worker", options),
    prefix: redis.prefix,
    commands,
    maxConnections: 10,
    maxPerPrincipal: 10,
    heartbeatMs: 60_000,
    logger: createLogger({ name: "web-cluster-test", level: "silent" }),
  });
}, 60_000);

afterAll(async () => {
  await hub?.close();
  commands?.disconnect();
  await redis?.cleanup();
  await cluster?.stop();
});

describe("the live-event hub on a Redis Cluster", () => {
  it("replays what a resuming client missed, then hands it live events, each once and in order", async () => {
    expect(commands).toBeInstanceOf(Cluster);
    const first = await appendLiveEvent(commands, redis.prefix, updated(1), 1_000);
    const missed = await appendLiveEvent(commands, redis.prefix, updated(2), 1_000);
    if (!first || !missed) throw new Error("XADD gave no id");

    const resuming = new RecordingClient(workspaceId, "user:resuming");
    hub.admit(resuming.principalKey);
    hub.attach(resuming, first);
    await eventually(async () => resuming.entries.length >= 1);
    expect(resuming.entries.map((entry) => entry.id)).toEqual([missed]);
    expect(resuming.resyncs).toEqual([]);

    // Live: appended until the reader (XREAD BLOCK on its own cluster connection) has picked one up.
    const live = new RecordingClient(workspaceId, "user:live");
    hub.admit(live.principalKey);
    hub.attach(live, null);
    const appended: string[] = [];
    await eventually(
      async () => {
        const id = await appendLiveEvent(commands, redis.prefix, updated(3 + appended.length), 1_000);
        if (id) appended.push(id);
        return live.entries.length > 0;
      },
      { intervalMs: 200 },
    );
    const last = appended.at(-1);
    await eventually(async () => live.entries.at(-1)?.id === last && resuming.entries.at(-1)?.id === last);
    expect(resuming.entries.map((entry) => entry.id)).toEqual([missed, ...appended]);
    // The live client gets every event from the one the reader first saw on, in order, none twice.
    const liveIds = live.entries.map((entry) => entry.id);
    expect(liveIds).toEqual(appended.slice(appended.length - liveIds.length));
    expect(live.closed).toBe(false);
  });
});
