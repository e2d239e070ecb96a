import { describe, expect, it } from "@jest/globals";
import { DatabaseError } from "pg";
import { isConnectionLost, isPermanentWriteError, isTransientWriteError } from "./write-errors";

const database = (code: string) => Object.assign(new DatabaseError("failed", 1, "error"), { code });
const socket = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe("write failures", () => {
  it("park only for errors of the data", () => {
    for (const code of ["22003", "22P02", "22021", "23514", "23505", "54000"]) {
      expect([code, isPermanentWriteError(database(code)), isTransientWriteError(database(code))]).toEqual([
        code,
        true,
        false,
      ]);
    }
  });

  it("retry whole (no split) for a lost connection or an unavailable database", () => {
    for (const error of [
      database("40001"),
      database("40P01"),
      database("53300"),
      database("57P01"),
      database("57P03"),
      database("57014"),
      database("08006"),
      database("55P03"),
      socket("ECONNREFUSED"),
      socket("ECONNRESET"),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
      new Error("Query read timeout"),
      new Error("wrapped", { cause: socket("ETIMEDOUT") }),
    ]) {
      expect([error.message, isTransientWriteError(error), isPermanentWriteError(error)]).toEqual([
        error.message,
        true,
        false,
      ]);
    }
    expect(isConnectionLost(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionLost(database("40001"))).toBe(false);
  });

  it("leave anything else to be retried, split, without parking", () => {
    for (const error of [database("42P01"), new TypeError("x is undefined")]) {
      expect([isTransientWriteError(error), isPermanentWriteError(error)]).toEqual([false, false]);
    }
  });
});
