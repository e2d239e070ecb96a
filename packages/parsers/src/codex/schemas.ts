// Shapes of the Codex rollout records the parser reads. Loose objects: Codex adds fields all the time, and only the
// fields named here matter. Optional everywhere a real file has been seen without it. The frequent records are
// checked by the equivalent guards in guards.ts (test/guards.test.ts proves they agree); the others with these
// schemas directly.
import { z } from "zod";

const str = z.string();
const optStr = z.string().nullish();

export const gitSchema = z.looseObject({ branch: optStr, commit_hash: optStr, repository_url: optStr });

export const threadSpawnSchema = z.looseObject({
  parent_thread_id: optStr,
  forked_from_id: optStr,
  spawn_call_id: optStr,
  agent_nickname: optStr,
  agent_role: optStr,
});

export const sessionMetaSchema = z.looseObject({
  id: optStr,
  timestamp: optStr,
  cwd: optStr,
  originator: optStr,
  cli_version: optStr,
  model_provider: optStr,
  source: z.unknown().optional(),
  git: gitSchema.nullish(),
  parent_thread_id: optStr,
  forked_from_id: optStr,
  agent_nickname: optStr,
  agent_role: optStr,
});
export type SessionMeta = z.infer<typeof sessionMetaSchema>;

/** The first line of an early-2025 rollout: `{id, timestamp, instructions?, git?}` without a type. */
export const legacyHeaderSchema = z.looseObject({ id: str, timestamp: optStr, git: gitSchema.nullish() });

export const turnContextSchema = z.looseObject({
  cwd: optStr,
  model: optStr,
  approval_policy: z.unknown().optional(),
  sandbox_policy: z.unknown().optional(),
});
export type TurnContext = z.infer<typeof turnContextSchema>;

export const contentBlockSchema = z.looseObject({ type: optStr, text: z.unknown().optional() });
export type ContentBlock = z.infer<typeof contentBlockSchema>;

export const itemSchema = z.looseObject({ type: str });
export type TypedItem = z.infer<typeof itemSchema>;

export const messageItemSchema = z.looseObject({
  role: str,
  content: z.union([str, z.array(contentBlockSchema)]).nullish(),
  id: optStr,
  phase: optStr,
});
export type MessageItem = z.infer<typeof messageItemSchema>;

export const reasoningItemSchema = z.looseObject({
  summary: z.array(contentBlockSchema).nullish(),
  content: z.array(contentBlockSchema).nullish(),
});
export type ReasoningItem = z.infer<typeof reasoningItemSchema>;

export const functionCallSchema = z.looseObject({
  name: str,
  arguments: z.unknown().optional(),
  call_id: str,
  namespace: optStr,
  id: optStr,
});
export type FunctionCall = z.infer<typeof functionCallSchema>;

export const customToolCallSchema = z.looseObject({
  name: str,
  input: z.unknown().optional(),
  call_id: str,
  id: optStr,
});
export type CustomToolCall = z.infer<typeof customToolCallSchema>;

export const localShellCallSchema = z.looseObject({
  call_id: optStr,
  id: optStr,
  action: z.unknown().optional(),
});

export const webSearchCallSchema = z.looseObject({
  id: optStr,
  call_id: optStr,
  action: z.unknown().optional(),
});

export const toolSearchCallSchema = z.looseObject({ call_id: str, arguments: z.unknown().optional() });

export const imageGenerationCallSchema = z.looseObject({ id: str, revised_prompt: optStr, status: optStr });

export const toolOutputSchema = z.looseObject({ call_id: str, output: z.unknown().optional() });
export type ToolOutput = z.infer<typeof toolOutputSchema>;

export const toolSearchOutputSchema = z.looseObject({
  call_id: str,
  tools: z.unknown().optional(),
  status: optStr,
});

export const interAgentMessageSchema = z.looseObject({
  author: optStr,
  recipient: optStr,
  content: z.union([str, z.array(contentBlockSchema)]).nullish(),
});

export const eventSchema = z.looseObject({ type: str });
export type TypedEvent = z.infer<typeof eventSchema>;

export const userMessageEventSchema = z.looseObject({ message: str, kind: optStr });
export type UserMessageEvent = z.infer<typeof userMessageEventSchema>;

export const agentMessageEventSchema = z.looseObject({ message: str, phase: optStr });
export type AgentMessageEvent = z.infer<typeof agentMessageEventSchema>;

const countSchema = z.number().nonnegative().nullish();

export const tokenUsageSchema = z.looseObject({
  input_tokens: countSchema,
  cached_input_tokens: countSchema,
  cache_write_input_tokens: countSchema,
  output_tokens: countSchema,
  reasoning_output_tokens: countSchema,
  total_tokens: countSchema,
});
export type CodexTokenUsage = z.infer<typeof tokenUsageSchema>;

export const tokenCountEventSchema = z.looseObject({
  info: z
    .looseObject({
      total_token_usage: tokenUsageSchema.nullish(),
      last_token_usage: tokenUsageSchema.nullish(),
      model: optStr,
    })
    .nullish(),
});
export type TokenCountEvent = z.infer<typeof tokenCountEventSchema>;

export const errorEventSchema = z.looseObject({
  message: optStr,
  codex_error_info: z.unknown().optional(),
  error: z.looseObject({ kind: optStr, message: optStr }).nullish(),
});

export const turnAbortedEventSchema = z.looseObject({ reason: optStr });

export const taskCompleteEventSchema = z.looseObject({
  error: z.looseObject({ message: optStr, codex_error_info: z.unknown().optional() }).nullish(),
});
export type TaskCompleteEvent = z.infer<typeof taskCompleteEventSchema>;

export const threadNameEventSchema = z.looseObject({ thread_name: str });

export const spawnEventSchema = z.looseObject({ call_id: optStr, new_thread_id: optStr });

export const itemCompletedEventSchema = z.looseObject({ item: z.looseObject({ type: str, text: optStr }) });
export type ItemCompletedEvent = z.infer<typeof itemCompletedEventSchema>;

export const compactedSchema = z.looseObject({ message: optStr, trigger: optStr });
export type Compacted = z.infer<typeof compactedSchema>;
