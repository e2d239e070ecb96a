// Who wrote a line. A sub-agent's own file is prompted by its caller; sidechain lines inside a main session file
// (older Claude Code wrote sub-agents into the parent's file) stay in that session, marked `is_sidechain`, with the
// roles caller / agent so they never count as human prompts or as the main assistant's turns.
import { type ParseContext } from "./context";
import { cleanName } from "./limits";
import { type ClaudeRecord } from "./schemas";

export interface LineRoles {
  prompt: "human" | "caller";
  response: "assistant" | "agent";
  /** Extra data fields of every event of the line. */
  extra: { is_sidechain?: true; agent_id?: string };
}

// The roles of nearly every line, shared rather than built per line (they are only read and spread).
const SUBAGENT_ROLES: LineRoles = { prompt: "caller", response: "assistant", extra: {} };
const MAIN_ROLES: LineRoles = { prompt: "human", response: "assistant", extra: {} };

/**
 * A new data object for an event of the line: its role fields, and the message id when there is one. Handlers add
 * the rest field by field: spreading objects into a new one costs more, and this runs for nearly every line.
 */
export function lineData(roles: LineRoles, messageId: string | undefined): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const { is_sidechain, agent_id } = roles.extra;
  if (is_sidechain === true) data.is_sidechain = true;
  if (agent_id !== undefined) data.agent_id = agent_id;
  if (messageId !== undefined) data.message_id = messageId;
  return data;
}

export function lineRoles(ctx: ParseContext, record: ClaudeRecord): LineRoles {
  const subagent = ctx.state.start?.identity.subagent === true;
  if (subagent) return SUBAGENT_ROLES;
  if (record.isSidechain !== true) return MAIN_ROLES;
  const agentId = cleanName(record.agentId);
  return {
    prompt: "caller",
    response: "agent",
    extra: agentId === undefined ? { is_sidechain: true } : { is_sidechain: true, agent_id: agentId },
  };
}
