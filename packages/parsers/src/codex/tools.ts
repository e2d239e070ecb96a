// Codex tool calls and outputs as protocol tool_call / tool_result data. apply_patch, however Codex sent it,
// becomes tool_name `apply_patch` with `{input: <patch>}`: the server reads files touched from that envelope.
import { z } from "zod";

import { isObject } from "../guards";
import { textsOf } from "./content";
import { isContentBlock } from "./guards";
import { asJson, boundJson, boundObject, type JsonObject, safeText } from "./limits";

export interface ToolCall {
  toolName: string;
  parameters: JsonObject;
}

const SHELL_TOOLS = new Set(["shell", "shell_command", "exec_command", "local_shell", "container.exec"]);
const BEGIN_PATCH = "*** Begin Patch";
const END_PATCH = "*** End Patch";

/** Tool arguments as an object: a JSON string of an object is parsed; anything else is wrapped as {input}. */
export function argumentsObject(raw: unknown): JsonObject {
  if (raw === null || raw === undefined) return {};
  if (isObject(raw)) return asJson(raw) as JsonObject;
  if (typeof raw === "string") {
    const trimmed = raw.trimStart();
    if (trimmed.startsWith("{")) {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (isObject(parsed)) return asJson(parsed) as JsonObject;
      } catch {
        // Not JSON after all: keep the raw text.
      }
    }
  }
  return { input: asJson(raw) };
}

/** The patch text of a shell script that pipes a patch into apply_patch (heredoc form). */
function patchFromScript(script: string): string | null {
  const begin = script.indexOf(BEGIN_PATCH);
  if (begin === -1 || !script.includes("apply_patch")) return null;
  const end = script.indexOf(END_PATCH, begin);
  return end === -1 ? script.slice(begin) : script.slice(begin, end + END_PATCH.length);
}

/** The patch of a shell command: `["apply_patch", patch]`, or a script (string or `bash -lc`) running it. */
function patchFromCommand(command: unknown): string | null {
  if (typeof command === "string") return patchFromScript(command);
  if (!Array.isArray(command)) return null;
  const [first, second] = command;
  if ((first === "apply_patch" || first === "applypatch") && typeof second === "string") return second;
  const last = command[command.length - 1];
  return typeof last === "string" ? patchFromScript(last) : null;
}

function applyPatch(patch: string): ToolCall {
  return { toolName: "apply_patch", parameters: { input: boundJson(safeText(patch)) } };
}

/** A function_call (or local_shell_call action) by tool name and raw arguments. */
export function toolCall(name: string, rawArguments: unknown): ToolCall {
  const parameters = argumentsObject(rawArguments);
  if (name === "apply_patch") {
    const patch = parameters.input ?? parameters.patch;
    if (typeof patch === "string") return applyPatch(patch);
  }
  if (SHELL_TOOLS.has(name)) {
    const patch = patchFromCommand(parameters.command ?? parameters.cmd);
    if (patch !== null) return applyPatch(patch);
  }
  return { toolName: name, parameters: boundObject(parameters) };
}

/** A custom_tool_call: freeform `input` text (apply_patch's patch, or JSON for some tools). */
export function customToolCall(name: string, input: unknown): ToolCall {
  if (name === "apply_patch" && typeof input === "string") return applyPatch(input);
  return toolCall(name, input);
}

export interface ToolResult {
  success: boolean;
  result: JsonObject[string];
}

const EXIT_CODE = /^Exit code: (-?\d+)/;
const PROCESS_EXIT = /Process exited with code (-?\d+)/;
const shellJsonOutput = z.looseObject({
  output: z.string(),
  metadata: z.looseObject({ exit_code: z.number() }),
});

/** Success from the text of a shell-like output; true when it does not say. */
function successOfText(text: string): boolean {
  const head = text.slice(0, 512);
  const match = EXIT_CODE.exec(head) ?? PROCESS_EXIT.exec(head);
  return match === null || Number(match[1]) === 0;
}

function textResult(text: string, success: boolean = successOfText(text)): ToolResult {
  return { success, result: boundJson(safeText(text)) };
}

/** A function_call_output / custom_tool_call_output: success from an exit code when there is one. */
export function toolResult(output: unknown): ToolResult {
  if (typeof output === "string") {
    if (output.startsWith('{"output":')) {
      try {
        const parsed = shellJsonOutput.safeParse(JSON.parse(output));
        if (parsed.success) return textResult(parsed.data.output, parsed.data.metadata.exit_code === 0);
      } catch {
        // Plain text that happens to start like JSON.
      }
    }
    return textResult(output);
  }
  if (Array.isArray(output)) {
    const texts = textsOf(output.filter(isContentBlock));
    if (texts.length > 0) return textResult(texts.join("\n"));
  } else if (isObject(output)) {
    const success = typeof output.success === "boolean" ? output.success : undefined;
    const text =
      typeof output.content === "string"
        ? output.content
        : typeof output.text === "string"
          ? output.text
          : null;
    if (text !== null) return textResult(text, success ?? successOfText(text));
    if (success !== undefined) return { success, result: boundJson(asJson(output)) };
  }
  return { success: true, result: boundJson(asJson(output ?? "")) };
}
