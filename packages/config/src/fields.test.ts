import { describe, expect, it } from "@jest/globals";
import { z } from "zod";
import { bool, envShape, int, port, text, url } from "./fields";

const parse = (shape: Record<string, z.ZodType>, source: Record<string, string | undefined>) =>
  z.object(envShape(shape)).safeParse(source);

describe("bool", () => {
  const schema = z.object(envShape({ FLAG: bool().default(false) }));

  it.each([
    ["true", true],
    ["TRUE", true],
    ["Yes", true],
    ["1", true],
    ["false", false],
    ["False", false],
    ["no", false],
    ["0", false],
    // Surrounding whitespace (a classic .env accident) is trimmed, not an error.
    ["TRUE ", true],
    ["  no\n", false],
  ])("accepts %j as %s", (raw, expected) => {
    expect(schema.parse({ FLAG: raw }).FLAG).toBe(expected);
  });

  it.each(["maybe", "on", "off", "y", "n", "enabled", "2", "truee", "t rue"])("rejects %j", (raw) => {
    const result = schema.safeParse({ FLAG: raw });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual(["must be one of true/1/yes/false/0/no"]);
  });

  it("uses the default when unset or blank", () => {
    expect(schema.parse({}).FLAG).toBe(false);
    expect(schema.parse({ FLAG: "" }).FLAG).toBe(false);
    expect(schema.parse({ FLAG: "   " }).FLAG).toBe(false);
  });
});

describe("int", () => {
  const schema = z.object(envShape({ N: int(0, 100).default(7) }));

  it.each([
    ["0", 0],
    ["42", 42],
    ["100", 100],
    ["007", 7],
    [" 12 ", 12],
  ])("accepts %j as %d", (raw, expected) => {
    expect(schema.parse({ N: raw }).N).toBe(expected);
  });

  it.each(["12abc", "abc", "-1", "101", "1.5", "1e2", "0x10", "12 3", "Infinity", "NaN"])(
    "rejects %j",
    (raw) => {
      const result = schema.safeParse({ N: raw });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.message)).toEqual(["must be an integer from 0 to 100"]);
    },
  );

  it("uses the default when unset or blank", () => {
    expect(schema.parse({}).N).toBe(7);
    expect(schema.parse({ N: "" }).N).toBe(7);
  });

  it("port allows 0..65535", () => {
    expect(parse({ P: port() }, { P: "0" }).success).toBe(true);
    expect(parse({ P: port() }, { P: "65535" }).success).toBe(true);
    expect(parse({ P: port() }, { P: "65536" }).success).toBe(false);
  });
});

describe("optional values", () => {
  it("treats an empty string as unset", () => {
    const result = parse({ S: text(5).optional() }, { S: "" });
    expect(result.success).toBe(true);
    expect(result.data).toEqual({ S: undefined });
  });

  it("validates a value once set", () => {
    expect(parse({ S: text(5).optional() }, { S: "abc" }).error?.issues[0]?.message).toBe(
      "must be at least 5 characters",
    );
  });
});

describe("url", () => {
  const schema = { U: url(["redis", "rediss"]) };

  it("accepts the listed protocols only", () => {
    expect(parse(schema, { U: "rediss://h:6380" }).success).toBe(true);
    expect(parse(schema, { U: "http://h" }).error?.issues[0]?.message).toBe(
      "must be a redis:// or rediss:// URL",
    );
    expect(parse(schema, { U: "not a url" }).success).toBe(false);
  });
});
