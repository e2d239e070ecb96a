// A real Redis Cluster of a test's own: three redis-server masters (no replicas, no persistence, loopback only)
// joined with `redis-cli --cluster create`, for tests of the apps with REDIS_CLUSTER=true. The test stops it in
// afterAll.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Cluster, Redis } from "ioredis";

import { eventually } from "./eventually";
import { freePort } from "./private-redis";
import { type TestRedis } from "./test-redis";

const run = promisify(execFile);

export interface RedisClusterServer {
  /** The masters' client ports. */
  readonly ports: readonly number[];
  /** Every node as a seed, comma-separated: what REDIS_URL takes with REDIS_CLUSTER=true. */
  readonly url: string;
  /**
   * A key prefix of this test's own on the cluster, a hash tag as a cluster needs (`{cs_test_<label>_<hex>}`);
   * deleteKeys scans every master, as SCAN in a cluster must.
   */
  testRedis(label?: string): TestRedis;
  /** A cluster client of the test's own (the caller closes it). */
  client(): Cluster;
  /** Kills the nodes and removes their files. Idempotent. */
  stop(): Promise<void>;
}

async function startNode(dir: string): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  // The cluster bus defaults to port + 10000, which may not exist or be free: it gets a free port of its own.
  const busPort = await freePort();
  const args = [
    ...["--port", String(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes"],
    ...["--cluster-port", String(busPort), "--cluster-config-file", `nodes-${port}.conf`],
    ...["--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no"],
  ];
  const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) resolve();
    });
    child.once("exit", (code) =>
      reject(new Error(`redis-server (cluster node) exited with ${code}:\n${output}`)),
    );
  });
  return { port, child };
}

async function clusterState(port: number): Promise<string> {
  const node = new Redis(port, "127.0.0.1", { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await node.connect();
    const info = await node.cluster("INFO");
    return /cluster_state:(\w+)/.exec(info)?.[1] ?? "unknown";
  } finally {
    node.disconnect();
  }
}

/** Starts `nodeCount` masters, creates the cluster and resolves once every node reports cluster_state:ok. */
export async function startRedisCluster(nodeCount = 3): Promise<RedisClusterServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "catsyphon-redis-cluster-"));
  const nodes: { port: number; child: ChildProcess }[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(
      nodes.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGKILL");
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    for (let i = 0; i < nodeCount; i++) nodes.push(await startNode(dir));
    const addresses = nodes.map(({ port }) => `127.0.0.1:${port}`);
    await run("redis-cli", ["--cluster", "create", ...addresses, "--cluster-replicas", "0", "--cluster-yes"]);
    await eventually(async () => {
      const states = await Promise.all(
        nodes.map(({ port }) => clusterState(port).catch(() => "unreachable")),
      );
      return states.every((state) => state === "ok") ? states : undefined;
    });
  } catch (error) {
    await stop();
    throw error;
  }

  const ports = nodes.map(({ port }) => port);
  const url = ports.map((port) => `redis://127.0.0.1:${port}`).join(",");
  const client = () => new Cluster(ports.map((port) => ({ host: "127.0.0.1", port })));

  const testRedis = (label = "test"): TestRedis => {
    const safeLabel = label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .slice(0, 24);
    const prefix = `{cs_test_${safeLabel}_${randomBytes(5).toString("hex")}}`;
    const deleteKeys = async (pattern: string): Promise<number> => {
      const cluster = client();
      let deleted = 0;
      try {
        // SCAN walks one node's keys: in a cluster every master is scanned (this prefix's keys sit on one, but
        // which one is the cluster's business). A glob treats "{" and "}" literally.
        await cluster.ping(); // once answered, the client knows the masters
        for (const master of cluster.nodes("master")) {
          let cursor = "0";
          do {
            const [next, keys] = await master.scan(cursor, "MATCH", `${prefix}${pattern}`, "COUNT", 1000);
            cursor = next;
            // One UNLINK per key: keys of one call must share a slot, which a pattern does not promise.
            for (const key of keys) deleted += await cluster.unlink(key);
          } while (cursor !== "0");
        }
      } finally {
        cluster.disconnect();
      }
      return deleted;
    };
    return { url, prefix, deleteKeys, cleanup: async () => void (await deleteKeys("*")) };
  };

  return { ports, url, testRedis, client, stop };
}
