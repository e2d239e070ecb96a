// One tagging answer from an OpenAI-compatible server: structured output, temperature 0, bounded length. An
// answer that is not valid JSON of the schema (or cut off) is asked for once more with the validation error;
// every HTTP request is reported to `onCall` (one analysis_runs row each).
import OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { type ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { type z } from "zod";

import { llmAnswerSchema, SYSTEM_PROMPT, type LlmAnswer } from "./answer";

export interface LlmSettings {
  baseUrl: string | undefined;
  apiKey: string | undefined;
  model: string;
  maxOutputTokens: number;
  timeoutMs: number;
  maxRetries: number;
}

export interface LlmCall {
  status: "succeeded" | "invalid" | "failed";
  inputTokens: number | null;
  outputTokens: number | null;
  latencyMs: number;
  error: string | null;
  answer: LlmAnswer | null;
}

/** The answer was still invalid after the one retry. */
export class InvalidLlmAnswerError extends Error {}

// Local servers need no key, but the client insists on one.
const NO_KEY = "no-key";

export function createLlmClient(settings: LlmSettings): OpenAI {
  return new OpenAI({
    apiKey: settings.apiKey ?? NO_KEY,
    ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
    timeout: settings.timeoutMs,
    // The client's retries honour Retry-After (and retry-after-ms) up to 60 s, else back off exponentially.
    maxRetries: settings.maxRetries,
  });
}

const responseFormat = zodResponseFormat(llmAnswerSchema, "session_tags");

function validationError(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}

// The client reports some timeouts (an aborted fetch under some runtimes) as a bare "Connection error.".
function describeFailure(error: unknown, latencyMs: number, timeoutMs: number): string {
  const message = error instanceof Error ? error.message : String(error);
  const timedOut =
    error instanceof OpenAI.APIConnectionTimeoutError ||
    (error instanceof OpenAI.APIConnectionError && latencyMs >= timeoutMs);
  return (timedOut ? `request timed out after ${timeoutMs} ms (${message})` : message).slice(0, 1_000);
}

type Checked = { answer: LlmAnswer } | { problem: string };

function check(content: string | null | undefined, finishReason: string | undefined): Checked {
  if (finishReason === "length") return { problem: "the answer was cut off (max tokens reached)" };
  if (!content) return { problem: "the answer was empty" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return { problem: "the answer was not valid JSON" };
  }
  const result = llmAnswerSchema.safeParse(parsed);
  return result.success ? { answer: result.data } : { problem: validationError(result.error) };
}

export async function requestLlmAnswer(
  client: OpenAI,
  settings: LlmSettings,
  transcript: string,
  onCall: (call: LlmCall) => Promise<void>,
  signal?: AbortSignal,
): Promise<{ answer: LlmAnswer }> {
  const messages: ChatCompletionMessageParam[] = [
    { role: "system", content: SYSTEM_PROMPT },
    { role: "user", content: transcript },
  ];
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    const started = performance.now();
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await client.chat.completions.create(
        {
          model: settings.model,
          messages,
          temperature: 0,
          max_tokens: settings.maxOutputTokens,
          response_format: responseFormat,
        },
        signal ? { signal } : undefined,
      );
    } catch (error) {
      const latencyMs = Math.round(performance.now() - started);
      await onCall({
        status: "failed",
        inputTokens: null,
        outputTokens: null,
        latencyMs,
        error: describeFailure(error, latencyMs, settings.timeoutMs),
        answer: null,
      });
      throw error;
    }
    const latencyMs = Math.round(performance.now() - started);
    const choice = completion.choices[0];
    const checked = check(choice?.message.content, choice?.finish_reason);
    const usage = {
      inputTokens: completion.usage?.prompt_tokens ?? null,
      outputTokens: completion.usage?.completion_tokens ?? null,
    };
    if ("answer" in checked) {
      await onCall({ status: "succeeded", ...usage, latencyMs, error: null, answer: checked.answer });
      return { answer: checked.answer };
    }
    await onCall({
      status: "invalid",
      ...usage,
      latencyMs,
      error: checked.problem.slice(0, 1_000),
      answer: null,
    });
    if (attempt === 2) throw new InvalidLlmAnswerError(checked.problem);
    messages.push(
      { role: "assistant", content: (choice?.message.content ?? "").slice(0, 4_000) },
      {
        role: "user",
        content: `That answer is invalid: ${checked.problem}. Answer again with one JSON object matching the schema, nothing else.`,
      },
    );
  }
  throw new InvalidLlmAnswerError("no answer");
}
