// What tagging reads of a conversation: its messages in order (tool calls with their results), the files it
// touched and the outcome the session reported.
import { z } from "zod";

export interface TranscriptToolCall {
  toolName: string | undefined;
  toolUseId: string | undefined;
  parameters: unknown;
  success: boolean | undefined;
  result: unknown;
}

export interface TranscriptMessage {
  sequence: number;
  role: string;
  type: string;
  content: string;
  toolCalls: TranscriptToolCall[];
  /** error rows: error_type as the collector sent it */
  errorType: string | undefined;
}

export interface Transcript {
  conversationId: string;
  workspaceId: string;
  agentType: string;
  /** As stored on the conversation (session_end's outcome, or what the tagger wrote earlier). */
  outcome: string | null;
  messages: TranscriptMessage[];
  filePaths: string[];
  /** conversations.tags as stored before this tagging */
  storedTags: unknown;
}

// tool_calls JSONB as the worker writes it; read defensively (older rows, other writers).
const storedToolCallSchema = z
  .object({
    tool_name: z.string().optional().catch(undefined),
    tool_use_id: z.string().nullable().optional().catch(undefined),
    parameters: z.unknown().optional(),
    result: z.unknown().optional(),
    success: z.boolean().nullable().optional().catch(undefined),
  })
  .loose();
const storedToolCallsSchema = z.array(z.unknown()).catch([]);

export function toolCallsOf(value: unknown): TranscriptToolCall[] {
  return storedToolCallsSchema.parse(value).flatMap((item) => {
    const parsed = storedToolCallSchema.safeParse(item);
    if (!parsed.success) return [];
    const call = parsed.data;
    return [
      {
        toolName: call.tool_name,
        toolUseId: call.tool_use_id ?? undefined,
        parameters: call.parameters,
        success: call.success ?? undefined,
        result: call.result,
      },
    ];
  });
}

const errorExtraSchema = z
  .object({ error_type: z.string().optional().catch(undefined) })
  .loose()
  .catch({});

export function errorTypeOf(extraData: unknown): string | undefined {
  return errorExtraSchema.parse(extraData).error_type;
}
