import { describe, expect, it } from "@jest/globals";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./passwords";

describe("passwords", () => {
  it("verifies the password it hashed and refuses another", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(stored).not.toContain("correct horse");
    await expect(verifyPassword("correct horse battery", stored)).resolves.toBe(true);
    await expect(verifyPassword("correct horse batterY", stored)).resolves.toBe(false);
  });

  it("salts each hash", async () => {
    expect(await hashPassword("same password!")).not.toBe(await hashPassword("same password!"));
  });

  it("answers false for malformed hashes instead of throwing", async () => {
    await expect(verifyPassword("x", "")).resolves.toBe(false);
    await expect(verifyPassword("x", "bcrypt$1$2$3$4$5")).resolves.toBe(false);
    await expect(verifyPassword("x", "scrypt$32768$8$3$c2FsdA==$c2hvcnQ=")).resolves.toBe(false);
    await expect(verifyAgainstDummy("anything")).resolves.toBe(false);
  });
});
