// File edits shown as diffs: Edit/MultiEdit (old_string → new_string), Write (all lines added) and Codex
// apply_patch (the patch text, lines marked by their +/- prefix). Each line carries a +/− sign as well as a colour.

type DiffLine = { sign: "+" | "-" | " "; text: string };

const MAX_LCS_CELLS = 250_000;

/** A line diff by longest common subsequence; past MAX_LCS_CELLS, all old lines removed then all new added. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split("\n");
  const b = after.split("\n");
  if (a.length * b.length > MAX_LCS_CELLS) {
    return [
      ...a.map((text) => ({ sign: "-" as const, text })),
      ...b.map((text) => ({ sign: "+" as const, text })),
    ];
  }
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] =
        a[i] === b[j]
          ? (table[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(table[(i + 1) * width + j] ?? 0, table[i * width + j + 1] ?? 0);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push({ sign: " ", text: a[i] ?? "" });
      i++;
      j++;
    } else if ((table[(i + 1) * width + j] ?? 0) >= (table[i * width + j + 1] ?? 0)) {
      lines.push({ sign: "-", text: a[i++] ?? "" });
    } else {
      lines.push({ sign: "+", text: b[j++] ?? "" });
    }
  }
  while (i < a.length) lines.push({ sign: "-", text: a[i++] ?? "" });
  while (j < b.length) lines.push({ sign: "+", text: b[j++] ?? "" });
  return lines;
}

function patchLines(patch: string): DiffLine[] {
  return patch.split("\n").map((line) => {
    if (line.startsWith("+") && !line.startsWith("+++")) return { sign: "+", text: line.slice(1) };
    if (line.startsWith("-") && !line.startsWith("---")) return { sign: "-", text: line.slice(1) };
    return { sign: " ", text: line };
  });
}

function Lines({ lines, label }: { lines: DiffLine[]; label: string }) {
  return (
    <>
      <p className="diff-path muted">{label}</p>
      <pre className="diff" aria-label={label}>
        {lines.map((line, index) => (
          <span
            key={index}
            className={line.sign === "+" ? "diff-add" : line.sign === "-" ? "diff-del" : "diff-same"}
          >
            {line.sign === "-" ? "−" : line.sign} {line.text}
            {"\n"}
          </span>
        ))}
      </pre>
    </>
  );
}

/** Two versions of a text (a plan's first and final version) as a line diff. */
export function TextDiff({ before, after, label }: { before: string; after: string; label: string }) {
  return <Lines lines={lineDiff(before, after)} label={label} />;
}

const str = (value: unknown) => (typeof value === "string" ? value : undefined);
const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

const EDIT_TOOLS = new Set(["Edit", "MultiEdit", "Write", "apply_patch", "NotebookEdit"]);
export const isEditTool = (name: string | null) => name !== null && EDIT_TOOLS.has(name);

/** The diff of an edit tool's parameters, or null when they do not hold one. */
export function EditDiff({ toolName, parameters }: { toolName: string | null; parameters: unknown }) {
  const params = record(parameters);
  const path = str(params.file_path) ?? str(params.path) ?? str(params.notebook_path);
  const title = path ? `Changes to ${path}` : "Changes";
  if (toolName === "Edit" || toolName === "NotebookEdit") {
    const before = str(params.old_string) ?? "";
    const after = str(params.new_string) ?? str(params.new_source);
    if (after === undefined) return null;
    return <Lines label={title} lines={lineDiff(before, after)} />;
  }
  if (toolName === "MultiEdit" && Array.isArray(params.edits)) {
    return (
      <>
        {params.edits.map((edit, index) => {
          const entry = record(edit);
          return (
            <Lines
              key={index}
              label={`${title}, edit ${index + 1}`}
              lines={lineDiff(str(entry.old_string) ?? "", str(entry.new_string) ?? "")}
            />
          );
        })}
      </>
    );
  }
  if (toolName === "Write") {
    const content = str(params.content);
    if (content === undefined) return null;
    return <Lines label={title} lines={content.split("\n").map((text) => ({ sign: "+", text }))} />;
  }
  if (toolName === "apply_patch") {
    const patch =
      str(params.input) ??
      str(params.patch) ??
      Object.values(params)
        .map(str)
        .find((v) => v?.includes("*** "));
    if (!patch) return null;
    return <Lines label="Patch" lines={patchLines(patch)} />;
  }
  return null;
}
