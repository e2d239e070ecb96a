import { describe, expect, it } from "@jest/globals";
import { checkDependencies } from "./dependency-checks";

describe("checkDependencies", () => {
  it("reports answering probes ok, and failing or hanging ones unavailable within the timeout", async () => {
    const result = await checkDependencies(
      {
        fine: async () => "PONG",
        broken: async () => {
          throw new Error("ECONNREFUSED");
        },
        hanging: () => new Promise(() => undefined),
      },
      50,
    );
    expect(result).toEqual({ fine: "ok", broken: "unavailable", hanging: "unavailable" });
  });
});
