// Rule tags: what can be counted from the transcript without a model. Always computed; the fallback whenever
// the LLM is off, paused, failing or not worth calling. Bump RULES_VERSION when a rule changes what it yields
// (the backfill re-tags sessions of older versions).
import { type Transcript, type TranscriptMessage } from "../transcript";
import { frustrationMarkersIn } from "./frustration";
import { languagesOf } from "./languages";
import { commandOf, testFrameworkOf, testRunPassed, type TestRun } from "./test-runs";

export const RULES_VERSION = 1;

export interface RuleTags {
  has_errors: boolean;
  /** error events plus failed tool results */
  error_count: number;
  tools_used: Record<string, number>;
  languages: Record<string, number>;
  files_touched_count: number;
  test_runs: { count: number; frameworks: string[]; last_passed: boolean | null; failed: number };
  interruptions: number;
  tool_failures: number;
  /** a call repeated (same tool, same parameters) right after it failed */
  tool_retries: number;
  /** the session's own outcome when it reported one, else the heuristic (abandoned / failure / unknown) */
  outcome: string;
  frustration_markers: Record<string, number>;
  user_message_count: number;
}

const INTERRUPTED_TEXT =
  /\[Request interrupted by user|\brequest (?:was )?(?:interrupted|aborted) by (?:the )?user\b/i;
const INTERRUPTED_ERROR = /interrupt|abort|cancel/i;
const REPORTED_OUTCOMES = new Set(["success", "failure", "partial", "abandoned"]);
// Messages that say nothing about how a session ended.
const NEUTRAL_TYPES = new Set(["thinking", "summary", "context", "plan"]);

function isUserPrompt(message: TranscriptMessage): boolean {
  return message.role === "human" && message.type === "prompt";
}

function isInterruption(message: TranscriptMessage): boolean {
  if (message.type === "error") return INTERRUPTED_ERROR.test(message.errorType ?? "");
  return message.role === "human" && INTERRUPTED_TEXT.test(message.content.slice(0, 500));
}

/** The outcome the transcript suggests: left on an unanswered user message, or ended on an API error. */
export function heuristicOutcome(messages: readonly TranscriptMessage[]): string {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (!message || NEUTRAL_TYPES.has(message.type)) continue;
    if (isInterruption(message)) return "abandoned";
    if (isUserPrompt(message)) return "abandoned";
    if (message.type === "error") return "failure";
    return "unknown";
  }
  return "unknown";
}

/** The outcome the session itself reported (not one the tagger wrote there before), if any. */
export function reportedOutcome(
  stored: string | null,
  writtenByTagger: string | null | undefined,
): string | undefined {
  if (stored === null || !REPORTED_OUTCOMES.has(stored)) return undefined;
  return stored === writtenByTagger ? undefined : stored;
}

export function computeRuleTags(transcript: Transcript, sessionOutcome: string | undefined): RuleTags {
  const toolsUsed = new Map<string, number>();
  const resultByUseId = new Map<string, { success: boolean | undefined; result: unknown }>();
  for (const message of transcript.messages) {
    if (message.type !== "tool_result") continue;
    for (const call of message.toolCalls) {
      if (call.toolUseId) resultByUseId.set(call.toolUseId, { success: call.success, result: call.result });
    }
  }
  const testRuns: TestRun[] = [];
  const frustration = new Map<string, number>();
  let errorEvents = 0;
  let toolFailures = 0;
  let toolRetries = 0;
  let interruptions = 0;
  let userMessages = 0;
  let lastFailedCall: string | undefined;
  for (const message of transcript.messages) {
    if (message.type === "error") errorEvents += 1;
    if (isInterruption(message)) interruptions += 1;
    else if (isUserPrompt(message)) {
      userMessages += 1;
      for (const marker of frustrationMarkersIn(message.content)) {
        frustration.set(marker, (frustration.get(marker) ?? 0) + 1);
      }
    }
    if (message.type !== "tool_call") continue;
    for (const call of message.toolCalls) {
      const name = call.toolName ?? "unknown";
      toolsUsed.set(name, (toolsUsed.get(name) ?? 0) + 1);
      // The worker joins results into calls; a result row of an unjoined call still counts.
      const joined = call.toolUseId ? resultByUseId.get(call.toolUseId) : undefined;
      const success = call.success ?? joined?.success;
      const result = call.result ?? joined?.result;
      const signature = `${name}\u0000${JSON.stringify(call.parameters ?? null)}`;
      if (lastFailedCall === signature) toolRetries += 1;
      if (success === false) {
        toolFailures += 1;
        lastFailedCall = signature;
      } else lastFailedCall = undefined;
      const command = commandOf(call);
      const framework = command === undefined ? undefined : testFrameworkOf(command);
      if (framework && (success !== undefined || result !== undefined)) {
        testRuns.push({ framework, passed: testRunPassed(success, result), sequence: message.sequence });
      }
    }
  }
  const errorCount = errorEvents + toolFailures;
  const lastRun = testRuns.at(-1);
  return {
    has_errors: errorCount > 0,
    error_count: errorCount,
    tools_used: Object.fromEntries([...toolsUsed].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))),
    languages: languagesOf(transcript.filePaths),
    files_touched_count: new Set(transcript.filePaths).size,
    test_runs: {
      count: testRuns.length,
      frameworks: [...new Set(testRuns.map((run) => run.framework))],
      last_passed: lastRun ? lastRun.passed : null,
      failed: testRuns.filter((run) => !run.passed).length,
    },
    interruptions,
    tool_failures: toolFailures,
    tool_retries: toolRetries,
    outcome: sessionOutcome ?? heuristicOutcome(transcript.messages),
    frustration_markers: Object.fromEntries(frustration),
    user_message_count: userMessages,
  };
}
