import { describe, expect, it } from "@jest/globals";

import { delimitedColumns } from "./delimited-columns";

describe("delimitedColumns", () => {
  it("joins each column after a leading separator, NULLs as the marker", () => {
    const { separator, nullMarker, texts } = delimitedColumns([
      ["1", "2"],
      ["", null],
    ]);
    expect(texts).toEqual([`${separator}1${separator}2`, `${separator}${separator}${nullMarker}`]);
  });

  it("gives NULL for a column without rows (a lone separator would read as one empty value)", () => {
    expect(delimitedColumns([[], []]).texts).toEqual([null, null]);
  });

  it("picks another separator and marker when a value holds them", () => {
    const tokens = ["a", "b"];
    const { separator, nullMarker, texts } = delimitedColumns(
      [["x\u001e\u001fy", "\u001f\u001e", "\u001ea\u001f"]],
      () => tokens.shift() ?? "c",
    );
    // "a" is taken too (the third value holds its separator): "b" is the first that fits.
    expect(separator).toBe("\u001eb\u001f");
    expect(nullMarker).toBe("\u001fb\u001e");
    expect(texts[0]?.split(separator).slice(1)).toEqual(["x\u001e\u001fy", "\u001f\u001e", "\u001ea\u001f"]);
  });
});
