import { describe, expect, it } from "@jest/globals";
import { hashedPart, redisClusterSlot } from "./redis-cluster-slot";

describe("redisClusterSlot", () => {
  it("gives the slots Redis Cluster documents and answers to CLUSTER KEYSLOT", () => {
    expect(redisClusterSlot("123456789")).toBe(0x31c3 % 16384); // the CRC16/XMODEM check value
    expect(redisClusterSlot("foo")).toBe(12182);
    expect(redisClusterSlot("bar")).toBe(5061);
    expect(redisClusterSlot("somekey")).toBe(11058);
  });

  it("hashes only a non-empty hash tag, the first one", () => {
    expect(hashedPart("{user1000}.following")).toBe("user1000");
    expect(hashedPart("foo{}{bar}")).toBe("foo{}{bar}");
    expect(hashedPart("foo{{bar}}zap")).toBe("{bar");
    expect(hashedPart("foo{bar}{zap}")).toBe("bar");
    expect(redisClusterSlot("{catsyphon}:ingest:wait")).toBe(redisClusterSlot("catsyphon"));
  });
});
