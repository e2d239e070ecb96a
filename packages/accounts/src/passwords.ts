// Password hashing with scrypt (Node's crypto, no native add-on). The stored form carries its parameters and salt,
// `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`, so the cost can be raised later without breaking old hashes.
import { randomBytes, scrypt as scryptCallback, type ScryptOptions, timingSafeEqual } from "node:crypto";

const KEY_LENGTH = 64;
// N = 2^15, r = 8, p = 3: one of OWASP's equivalent scrypt minimums, with 32 MB per hash (N = 2^17 would take
// 128 MB per concurrent sign-in).
const DEFAULTS = { N: 2 ** 15, r: 8, p: 3 } as const;

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./shapes";

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem above 128 * N * r so the defaults fit.
    scryptCallback(password, salt, KEY_LENGTH, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, DEFAULTS);
  return ["scrypt", DEFAULTS.N, DEFAULTS.r, DEFAULTS.p, salt.toString("base64"), key.toString("base64")].join(
    "$",
  );
}

/** True when `password` matches `stored`; false for a wrong password or a malformed hash (never throws on those). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyB64, "base64");
  if (expected.length !== KEY_LENGTH) return false;
  const key = await scrypt(password, Buffer.from(saltB64, "base64"), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(key, expected);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time a real verification takes, for a sign-in with an unknown email, so response time does not tell
 * which emails have accounts.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  await verifyPassword(password, await dummyHash);
  return false;
}
