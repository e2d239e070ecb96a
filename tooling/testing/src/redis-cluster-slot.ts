// The Redis Cluster slot of a key, computed as Redis does (CRC16/XMODEM of the key, or of its hash tag: the part
// between the first "{" and the next "}" when that part is not empty, mod 16384). A plain Redis answers no
// CLUSTER KEYSLOT, so tests that check keys share a slot compute it here.

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The part of `key` Redis Cluster hashes: its hash tag if it has a non-empty one, else the whole key. */
export function hashedPart(key: string): string {
  const open = key.indexOf("{");
  if (open === -1) return key;
  const close = key.indexOf("}", open + 1);
  if (close === -1 || close === open + 1) return key;
  return key.slice(open + 1, close);
}

/** The slot (0..16383) Redis Cluster stores `key` in. */
export function redisClusterSlot(key: string): number {
  return crc16(Buffer.from(hashedPart(key), "utf8")) % 16384;
}
