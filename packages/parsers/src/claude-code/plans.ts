// Plans made in plan mode: the plan file written under `.claude/plans/` (Write, then Edit/MultiEdit of it), and
// ExitPlanMode's `plan` input. Each gives the whole current plan text, so the server can keep the latest.
import { z } from "zod";

import { isObject } from "../guards";
import { type ClaudeState, MAX_PLAN_LENGTH } from "./state";

const writeSchema = z.looseObject({ file_path: z.string(), content: z.string() });
const editSchema = z.looseObject({
  old_string: z.string(),
  new_string: z.string(),
  replace_all: z.boolean().optional().nullable(),
});
const multiEditSchema = z.looseObject({ file_path: z.string(), edits: z.array(editSchema) });
const exitPlanSchema = z.looseObject({ plan: z.string() });

export interface PlanUpdate {
  content: string;
  filePath?: string;
}

function isPlanFile(path: string): boolean {
  return path.replaceAll("\\", "/").includes("/.claude/plans/");
}

function applyEdit(content: string, edit: z.infer<typeof editSchema>): string {
  if (edit.old_string === "") return content;
  return edit.replace_all === true
    ? content.split(edit.old_string).join(edit.new_string)
    : content.replace(edit.old_string, () => edit.new_string);
}

function remember(state: ClaudeState, path: string, content: string): void {
  state.plan = content.length <= MAX_PLAN_LENGTH ? { path, content } : null;
}

/** The plan a tool call writes, if it writes one; keeps the current plan file in the state. */
export function planFromToolUse(
  state: ClaudeState,
  toolName: string,
  input: unknown,
): PlanUpdate | undefined {
  if (toolName === "ExitPlanMode") {
    const exit = exitPlanSchema.safeParse(input);
    return exit.success && exit.data.plan.trim() !== "" ? { content: exit.data.plan } : undefined;
  }
  if (toolName !== "Write" && toolName !== "Edit" && toolName !== "MultiEdit") return undefined;
  // Every Write and Edit goes through here: only a plan file's path is worth a full parse of the input.
  if (!isObject(input) || typeof input.file_path !== "string" || !isPlanFile(input.file_path))
    return undefined;
  const filePath = input.file_path;
  if (toolName === "Write") {
    const write = writeSchema.safeParse(input);
    if (!write.success) return undefined;
    remember(state, filePath, write.data.content);
    return { content: write.data.content, filePath };
  }
  // An edit is only understood on top of the plan text this file wrote earlier.
  const current = state.plan;
  if (current === null || current.path !== filePath) return undefined;
  let content = current.content;
  if (toolName === "Edit") {
    const edit = editSchema.safeParse(input);
    if (!edit.success) return undefined;
    content = applyEdit(content, edit.data);
  } else {
    const multi = multiEditSchema.safeParse(input);
    if (!multi.success) return undefined;
    for (const edit of multi.data.edits) content = applyEdit(content, edit);
  }
  remember(state, filePath, content);
  return { content, filePath };
}
