// Files a session touched, from its tool calls (DESIGN §4 item 6) and from session_end's own list.
import { type ProtocolEvent } from "@catsyphon/protocol";
import { stripNul } from "./sanitize";
import { MAX_INDEXED_BYTES } from "./storable";

export interface FileTouch {
  sourceSequence: number;
  touchedAt?: string;
  filePath: string;
  changeType: "read" | "write" | "edit" | "create";
  linesAdded: number;
  linesDeleted: number;
  /** For a file an apply_patch moved (`*** Move to:`), the path it had before. */
  renamedFrom?: string;
}

const lineCount = (text: unknown) =>
  typeof text === "string" && text.length > 0 ? text.split("\n").length : 0;
const stringParam = (parameters: Record<string, unknown>, ...names: string[]) => {
  for (const name of names) {
    const value = parameters[name];
    if (typeof value === "string" && value.length > 0) return value;
  }
  return undefined;
};

/**
 * Codex `apply_patch` envelopes: `*** Add File: p`, `*** Update File: p` (optionally followed by
 * `*** Move to: q`, codex-rs apply-patch grammar), `*** Delete File: p`, +/- lines.
 */
export function touchesOfPatch(patch: string, sequence: number): FileTouch[] {
  const touches: FileTouch[] = [];
  let current: FileTouch | undefined;
  for (const line of patch.split("\n")) {
    const moveTo = /^\*\*\* Move to: (.+)$/.exec(line);
    if (moveTo && current?.changeType === "edit" && current.renamedFrom === undefined) {
      // The hunks edit the file under its new path; the old path is gone, like a deleted file.
      const from = current.filePath;
      touches.splice(touches.length - 1, 0, {
        sourceSequence: sequence,
        filePath: from,
        changeType: "write",
        linesAdded: 0,
        linesDeleted: 0,
      });
      current.filePath = (moveTo[1] ?? "").trim();
      current.renamedFrom = from;
      continue;
    }
    const header = /^\*\*\* (Add|Update|Delete) File: (.+)$/.exec(line);
    if (header) {
      const [, kind, filePath] = header as unknown as [string, string, string];
      current = {
        sourceSequence: sequence,
        filePath: filePath.trim(),
        changeType: kind === "Add" ? "create" : kind === "Delete" ? "write" : "edit",
        linesAdded: 0,
        linesDeleted: 0,
      };
      touches.push(current);
    } else if (current && line.startsWith("+") && !line.startsWith("+++")) {
      current.linesAdded += 1;
    } else if (current && line.startsWith("-") && !line.startsWith("---")) {
      current.linesDeleted += 1;
    }
  }
  return touches;
}

function touchesOfToolCall(
  toolName: string,
  parameters: Record<string, unknown>,
  sequence: number,
): FileTouch[] {
  const touch = (
    filePath: string | undefined,
    changeType: FileTouch["changeType"],
    added = 0,
    deleted = 0,
  ) =>
    filePath
      ? [{ sourceSequence: sequence, filePath, changeType, linesAdded: added, linesDeleted: deleted }]
      : [];
  switch (toolName) {
    case "Read":
      return touch(stringParam(parameters, "file_path", "path"), "read");
    case "Glob":
    case "Grep":
      return touch(stringParam(parameters, "path"), "read");
    case "Write":
      return touch(stringParam(parameters, "file_path", "path"), "write", lineCount(parameters.content));
    case "Edit":
      return touch(
        stringParam(parameters, "file_path", "path"),
        "edit",
        lineCount(parameters.new_string),
        lineCount(parameters.old_string),
      );
    case "MultiEdit": {
      const edits = Array.isArray(parameters.edits) ? (parameters.edits as Record<string, unknown>[]) : [];
      return touch(
        stringParam(parameters, "file_path", "path"),
        "edit",
        edits.reduce((sum, edit) => sum + lineCount(edit?.new_string), 0),
        edits.reduce((sum, edit) => sum + lineCount(edit?.old_string), 0),
      );
    }
    case "NotebookEdit":
      return touch(
        stringParam(parameters, "notebook_path", "file_path"),
        "edit",
        lineCount(parameters.new_source),
      );
    // Gemini CLI's file tools.
    case "read_file":
      return touch(stringParam(parameters, "absolute_path", "file_path", "path"), "read");
    case "read_many_files": {
      const paths = Array.isArray(parameters.paths) ? parameters.paths : [];
      return paths.flatMap((p) => (typeof p === "string" ? touch(p, "read") : []));
    }
    case "write_file":
      return touch(
        stringParam(parameters, "file_path", "absolute_path", "path"),
        "write",
        lineCount(parameters.content),
      );
    case "replace":
      return touch(
        stringParam(parameters, "file_path", "absolute_path", "path"),
        "edit",
        lineCount(parameters.new_string),
        lineCount(parameters.old_string),
      );
    case "apply_patch": {
      const patch = stringParam(parameters, "input", "patch");
      return patch ? touchesOfPatch(patch, sequence) : [];
    }
    default:
      return [];
  }
}

export function fileTouchesOf(events: readonly ProtocolEvent[]): FileTouch[] {
  return events.flatMap((event) =>
    touchesOfEvent(event).flatMap((touch) => {
      // Paths from tool parameters are any JSON string: NULs cannot be stored, and a path too long for the
      // index would fail the write (decision 0023). The tool call itself keeps the path as sent.
      const filePath = touch.filePath.includes("\u0000") ? stripNul(touch.filePath) : touch.filePath;
      if (filePath.length === 0 || Buffer.byteLength(filePath) > MAX_INDEXED_BYTES) return [];
      const renamedFrom = touch.renamedFrom?.includes("\u0000")
        ? stripNul(touch.renamedFrom)
        : touch.renamedFrom;
      return [{ ...touch, filePath, renamedFrom, touchedAt: event.emitted_at }];
    }),
  );
}

function touchesOfEvent(event: ProtocolEvent): FileTouch[] {
  if (event.type === "tool_call") {
    return touchesOfToolCall(event.data.tool_name, event.data.parameters, event.sequence);
  }
  if (event.type === "session_end") {
    return (event.data.files_touched ?? []).map((file) => ({
      sourceSequence: event.sequence,
      filePath: file.file_path,
      changeType: file.change_type,
      linesAdded: file.lines_added ?? 0,
      linesDeleted: file.lines_deleted ?? 0,
    }));
  }
  return [];
}
