// Shapes of Claude Code log records, checked with zod. Loose on purpose: Claude Code adds fields in nearly every
// release, so only what the parser reads is declared, and anything else is kept out of the way. The records and
// content blocks of every line are checked by the equivalent guards in guards.ts (test/guards.test.ts proves they
// agree); the rarer line types are parsed with these schemas directly.
import { z } from "zod";

const str = z.string();
const optStr = str.optional().nullable();
/**
 * A field read only where it is used, through a check of its own (`cleanName`, `=== true`): a value of another type
 * drops that field, not the line (decision 0016). Checking it up front cost every line a look-up, mostly of fields
 * the line does not have.
 */
const checkedWhereRead = z.unknown().optional();

/** Fields every conversation line may carry (user, assistant, system, attachment, progress). */
export const recordSchema = z.looseObject({
  type: str.optional(),
  timestamp: z.union([str, z.number()]).optional().nullable(),
  uuid: checkedWhereRead,
  sessionId: checkedWhereRead,
  cwd: checkedWhereRead,
  version: checkedWhereRead,
  gitBranch: checkedWhereRead,
  slug: checkedWhereRead,
  isSidechain: checkedWhereRead,
  agentId: checkedWhereRead,
  isMeta: checkedWhereRead,
});
export type ClaudeRecord = z.infer<typeof recordSchema>;

export const usageSchema = z.looseObject({
  input_tokens: z.unknown().optional(),
  output_tokens: z.unknown().optional(),
  cache_read_input_tokens: z.unknown().optional(),
  cache_creation_input_tokens: z.unknown().optional(),
  cache_creation: z
    .looseObject({
      ephemeral_5m_input_tokens: z.unknown().optional(),
      ephemeral_1h_input_tokens: z.unknown().optional(),
    })
    .optional()
    .nullable(),
});
export type Usage = z.infer<typeof usageSchema>;

export const assistantLineSchema = z.looseObject({
  requestId: checkedWhereRead,
  isApiErrorMessage: checkedWhereRead,
  error: z.unknown().optional(),
  message: z.looseObject({
    id: checkedWhereRead,
    model: checkedWhereRead,
    stop_reason: checkedWhereRead,
    content: z
      .union([str, z.array(z.unknown())])
      .optional()
      .nullable(),
    usage: usageSchema.optional().nullable(),
  }),
});
export type AssistantLine = z.infer<typeof assistantLineSchema>;

export const userLineSchema = z.looseObject({
  isCompactSummary: checkedWhereRead,
  sourceToolUseID: checkedWhereRead,
  sourceToolAssistantUUID: checkedWhereRead,
  parentUuid: checkedWhereRead,
  toolUseResult: z.unknown().optional(),
  message: z.looseObject({
    content: z.union([str, z.array(z.unknown())]),
  }),
});
export type UserLine = z.infer<typeof userLineSchema>;

export const textBlockSchema = z.looseObject({ type: z.literal("text"), text: str });
export type TextBlock = z.infer<typeof textBlockSchema>;
export const thinkingBlockSchema = z.looseObject({ type: z.literal("thinking"), thinking: str });
export type ThinkingBlock = z.infer<typeof thinkingBlockSchema>;
export const toolUseBlockSchema = z.looseObject({
  type: z.enum(["tool_use", "server_tool_use"]),
  id: optStr,
  name: str,
  input: z.unknown().optional(),
});
export type ToolUseBlock = z.infer<typeof toolUseBlockSchema>;
export const toolResultBlockSchema = z.looseObject({
  type: str,
  tool_use_id: optStr,
  content: z.unknown().optional(),
  text: optStr,
  is_error: z.boolean().optional().nullable(),
});
export type ToolResultBlock = z.infer<typeof toolResultBlockSchema>;
export const blockTypeSchema = z.looseObject({ type: str });

export const systemLineSchema = z.looseObject({
  subtype: optStr,
  content: z.unknown().optional(),
  level: optStr,
  error: z.unknown().optional(),
  compactMetadata: z
    .looseObject({ trigger: z.unknown().optional(), preTokens: z.unknown().optional() })
    .optional()
    .nullable(),
  apiRefusalExplanation: optStr,
  apiRefusalCategory: optStr,
});
export type SystemLine = z.infer<typeof systemLineSchema>;

export const attachmentLineSchema = z.looseObject({
  attachment: z.looseObject({ type: str }),
});
export type AttachmentLine = z.infer<typeof attachmentLineSchema>;

export const summaryLineSchema = z.looseObject({ summary: str, leafUuid: optStr });
export const customTitleSchema = z.looseObject({ customTitle: str });
export const aiTitleSchema = z.looseObject({ aiTitle: str });
export const agentNameSchema = z.looseObject({ agentName: str });
export const prLinkSchema = z.looseObject({
  prNumber: z.number().optional().nullable(),
  prUrl: optStr,
  prRepository: optStr,
});
export const worktreeStateSchema = z.looseObject({
  worktreeSession: z
    .looseObject({ worktreePath: optStr, worktreeBranch: optStr, worktreeName: optStr, originalCwd: optStr })
    .nullable(),
});

/** The `.meta.json` sidecar of a sub-agent file. */
export const subagentMetaSchema = z.looseObject({
  agentType: optStr,
  description: optStr,
  toolUseId: optStr,
});
