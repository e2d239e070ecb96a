// Test runs found in shell tool calls (Claude Code's Bash, Codex's shell / exec_command, Gemini's
// run_shell_command, ...) and whether each passed, from the call's success flag and its output.
import { type TranscriptToolCall } from "../transcript";

const SHELL_TOOLS = new Set([
  "bash",
  "shell",
  "exec_command",
  "local_shell",
  "run_shell_command",
  "run_terminal_cmd",
  "terminal",
  "execute_command",
]);

const TEST_COMMANDS: readonly { framework: string; pattern: RegExp }[] = [
  { framework: "pytest", pattern: /\b(?:pytest|py\.test)\b|\bpython3? -m (?:pytest|unittest)\b/ },
  { framework: "jest", pattern: /\bjest\b/ },
  { framework: "vitest", pattern: /\bvitest\b/ },
  { framework: "mocha", pattern: /\bmocha\b/ },
  { framework: "go test", pattern: /\bgo test\b/ },
  { framework: "cargo test", pattern: /\bcargo (?:test|nextest)\b/ },
  { framework: "rspec", pattern: /\brspec\b/ },
  { framework: "maven", pattern: /\bmvnw? (?:[\w:.-]+ )*(?:test|verify)\b/ },
  { framework: "gradle", pattern: /\bgradlew? (?:[\w:.-]+ )*test\b/ },
  { framework: "dotnet test", pattern: /\bdotnet test\b/ },
  { framework: "bun test", pattern: /\bbun test\b/ },
  { framework: "deno test", pattern: /\bdeno test\b/ },
  { framework: "playwright", pattern: /\bplaywright test\b/ },
  { framework: "npm test", pattern: /\b(?:npm|pnpm|yarn)(?: run)? test\b|\bturbo (?:run )?test\b/ },
  { framework: "make test", pattern: /\bmake (?:test|check)\b/ },
];

// Output that means tests failed even when the tool reported success (many shells report exit codes in text).
const FAILED_OUTPUT =
  /\b[1-9]\d* (?:failed|failing|errors?)\b|\bFAIL(?:ED)?\b|\bTests?:\s.*\bfailed\b|test result: FAILED|panicked at|\bexit (?:code|status):? [1-9]|Process exited with code [1-9]/i;
const PASSED_OUTPUT =
  /\b\d+ passed\b|\bTests?:\s.*\bpassed\b|\bok\b|test result: ok|\bPASS\b|All tests passed/i;

export interface TestRun {
  framework: string;
  passed: boolean;
  sequence: number;
}

export function commandOf(call: TranscriptToolCall): string | undefined {
  if (!call.toolName || !SHELL_TOOLS.has(call.toolName.toLowerCase())) return undefined;
  const parameters = call.parameters;
  if (typeof parameters === "string") return parameters;
  if (typeof parameters !== "object" || parameters === null) return undefined;
  const { command, cmd } = parameters as { command?: unknown; cmd?: unknown };
  const value = command ?? cmd;
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.filter((part) => typeof part === "string").join(" ");
  return undefined;
}

function outputText(result: unknown): string {
  if (typeof result === "string") return result;
  if (result === undefined || result === null) return "";
  return JSON.stringify(result);
}

export function testFrameworkOf(command: string): string | undefined {
  return TEST_COMMANDS.find(({ pattern }) => pattern.test(command))?.framework;
}

/** Whether a finished test run passed: a failed call or failure output means no; otherwise yes. */
export function testRunPassed(success: boolean | undefined, result: unknown): boolean {
  if (success === false) return false;
  const output = outputText(result).slice(-20_000);
  if (FAILED_OUTPUT.test(output)) return false;
  return success === true || PASSED_OUTPUT.test(output) || output === "";
}
