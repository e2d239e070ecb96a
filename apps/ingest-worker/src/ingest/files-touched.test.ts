import { describe, expect, it } from "@jest/globals";
import { protocolEventSchema, type ProtocolEvent } from "@catsyphon/protocol";
import { fileTouchesOf, touchesOfPatch } from "./files-touched";

const at = "2026-01-01T00:00:00.000Z";
const call = (sequence: number, tool_name: string, parameters: Record<string, unknown>): ProtocolEvent =>
  protocolEventSchema.parse({
    sequence,
    type: "tool_call",
    emitted_at: at,
    observed_at: at,
    data: { tool_name, tool_use_id: `toolu_${sequence}`, parameters },
  });

describe("files touched", () => {
  it("reads Read/Glob/Grep as reads, Write as a write, Edit and MultiEdit as edits with line counts", () => {
    const touches = fileTouchesOf([
      call(1, "Read", { file_path: "/repo/a.ts" }),
      call(2, "Grep", { pattern: "x", path: "/repo/src" }),
      call(3, "Glob", { pattern: "**/*.ts" }),
      call(4, "Write", { file_path: "/repo/new.ts", content: "a\nb\nc" }),
      call(5, "Edit", { file_path: "/repo/a.ts", old_string: "one\ntwo", new_string: "one\n2\nthree" }),
      call(6, "MultiEdit", {
        file_path: "/repo/b.ts",
        edits: [
          { old_string: "x", new_string: "y\nz" },
          { old_string: "p\nq", new_string: "r" },
        ],
      }),
      call(7, "Bash", { command: "ls" }),
    ]);
    expect(touches.map(({ touchedAt: _touchedAt, ...t }) => t)).toEqual([
      { sourceSequence: 1, filePath: "/repo/a.ts", changeType: "read", linesAdded: 0, linesDeleted: 0 },
      { sourceSequence: 2, filePath: "/repo/src", changeType: "read", linesAdded: 0, linesDeleted: 0 },
      { sourceSequence: 4, filePath: "/repo/new.ts", changeType: "write", linesAdded: 3, linesDeleted: 0 },
      { sourceSequence: 5, filePath: "/repo/a.ts", changeType: "edit", linesAdded: 3, linesDeleted: 2 },
      { sourceSequence: 6, filePath: "/repo/b.ts", changeType: "edit", linesAdded: 3, linesDeleted: 3 },
    ]);
  });

  it("parses Codex apply_patch envelopes", () => {
    const patch = [
      "*** Begin Patch",
      "*** Add File: docs/new.md",
      "+# Title",
      "+text",
      "*** Update File: src/app.ts",
      "@@",
      "-const a = 1;",
      "+const a = 2;",
      "+const b = 3;",
      "*** Delete File: old.txt",
      "*** End Patch",
    ].join("\n");
    expect(touchesOfPatch(patch, 9)).toEqual([
      { sourceSequence: 9, filePath: "docs/new.md", changeType: "create", linesAdded: 2, linesDeleted: 0 },
      { sourceSequence: 9, filePath: "src/app.ts", changeType: "edit", linesAdded: 2, linesDeleted: 1 },
      { sourceSequence: 9, filePath: "old.txt", changeType: "write", linesAdded: 0, linesDeleted: 0 },
    ]);
    expect(fileTouchesOf([call(3, "apply_patch", { input: patch })])).toHaveLength(3);
  });

  it("reads an apply_patch rename: the new path is edited, the old one recorded as its source and as gone", () => {
    // The shape of codex-rs apply-patch/tests/fixtures/scenarios/004_move_to_new_directory/patch.txt.
    const patch = [
      "*** Begin Patch",
      "*** Update File: old/name.txt",
      "*** Move to: renamed/dir/name.txt",
      "@@",
      "-old content",
      "+new content",
      "*** Update File: src/app.ts",
      "@@",
      "+// unchanged path",
      "*** End Patch",
    ].join("\n");
    expect(touchesOfPatch(patch, 4)).toEqual([
      { sourceSequence: 4, filePath: "old/name.txt", changeType: "write", linesAdded: 0, linesDeleted: 0 },
      {
        sourceSequence: 4,
        filePath: "renamed/dir/name.txt",
        changeType: "edit",
        linesAdded: 1,
        linesDeleted: 1,
        renamedFrom: "old/name.txt",
      },
      { sourceSequence: 4, filePath: "src/app.ts", changeType: "edit", linesAdded: 1, linesDeleted: 0 },
    ]);
  });

  it("reads Gemini CLI's file tools", () => {
    const touches = fileTouchesOf([
      call(1, "read_file", { absolute_path: "/repo/a.ts" }),
      call(2, "read_many_files", { paths: ["/repo/b.ts", "/repo/c.ts"] }),
      call(3, "write_file", { file_path: "/repo/d.ts", content: "x\ny" }),
      call(4, "replace", { file_path: "/repo/a.ts", old_string: "a", new_string: "b\nc\nd" }),
    ]);
    expect(touches.map((t) => [t.filePath, t.changeType, t.linesAdded, t.linesDeleted])).toEqual([
      ["/repo/a.ts", "read", 0, 0],
      ["/repo/b.ts", "read", 0, 0],
      ["/repo/c.ts", "read", 0, 0],
      ["/repo/d.ts", "write", 2, 0],
      ["/repo/a.ts", "edit", 3, 1],
    ]);
  });
});
