// Nested sub-agents: a sub-agent spawned by another sub-agent is linked to the agent that spawned it, not to the
// root. Claude Code writes every sub-agent of a session, at any depth, beside the root (`<root>/subagents/`), and
// each names the root as its parent (parent_session_id), which stays as the way to the root. The spawner is the
// conversation of the same root holding the call that started the child: the Task/Agent tool call whose id the
// child's `.meta.json` gives (`spawned_by_tool_use_id`), or the tool result that names the child's agent id
// (`agent_id`, from the result's `toolUseResult.agentId`). Decision 0029.
//
// Linked in both arrival orders, like parents (DESIGN §4.4): a child looks for its spawner among the messages
// already written, and a spawner's calls re-link the children already written. Both sides lock the root's
// session id first, so two workers writing a child and its spawner at once cannot miss each other.
import { type ProtocolEvent } from "@catsyphon/protocol";

import { trackedUpdate, type Transition } from "./rollups";
import { type SqlRunner } from "./sql-transaction";

/** Claude Code's tools that start a sub-agent. */
const SPAWN_TOOLS: ReadonlySet<string> = new Set(["Task", "Agent"]);

interface SpawnFacts {
  /** Tool use ids of this write's spawning calls. */
  calls: string[];
  /** Agent ids named by this write's tool results. */
  agents: string[];
  /** This write says which call spawned it, or which agent it is. */
  child: boolean;
  /** This write starts a session that names no parent (a root, whose project its sub-agents inherit). */
  root: boolean;
}

function spawnFacts(events: readonly ProtocolEvent[]): SpawnFacts {
  const facts: SpawnFacts = { calls: [], agents: [], child: false, root: false };
  for (const event of events) {
    if (event.type === "tool_call" && SPAWN_TOOLS.has(event.data.tool_name)) {
      // A call without an id (some collectors send none) cannot be named by a child's meta.json.
      if (event.data.tool_use_id !== undefined) facts.calls.push(event.data.tool_use_id);
    } else if (event.type === "tool_result" && typeof event.data.agent_id === "string") {
      facts.agents.push(event.data.agent_id);
    } else if (event.type === "session_start") {
      if (typeof event.data.agent_id === "string") facts.child = true;
      if (event.data.parent_session_id === undefined) facts.root = true;
    } else if (event.type === "metadata" && typeof event.data.spawned_by_tool_use_id === "string") {
      facts.child = true;
    }
  }
  return facts;
}

export async function linkSpawnedAgents(
  tx: SqlRunner,
  workspaceId: string,
  conversationId: string,
  events: readonly ProtocolEvent[],
): Promise<Transition[]> {
  const facts = spawnFacts(events);
  if (!facts.child && !facts.root && facts.calls.length === 0 && facts.agents.length === 0) return [];
  const [self] = await tx.$queryRawUnsafe<{ root: string }[]>(
    `SELECT COALESCE(parent_session_id, collector_session_id) AS root FROM conversations WHERE id = $1::uuid`,
    conversationId,
  );
  if (!self) return [];
  // The same lock key as the parent links (apply-batch.ts linkParents).
  await tx.$executeRawUnsafe(
    `SELECT pg_advisory_xact_lock(hashtextextended($1::text || '/' || $2::text, 1))`,
    workspaceId,
    self.root,
  );
  // Children whose project or developer changes here: what the aggregates counted of them moves (rollups.ts).
  const transitions: Transition[] = [];
  if (facts.root) {
    // Children linked to their spawner before the root arrived did not get its project and developer then.
    const inheriting = `c.workspace_id = r.workspace_id AND c.parent_session_id = r.collector_session_id
         AND ((c.project_id IS NULL AND r.project_id IS NOT NULL)
           OR (c.developer_id IS NULL AND r.developer_id IS NOT NULL))`;
    transitions.push(
      ...(await trackedUpdate(
        tx,
        `SELECT c.id FROM conversations c JOIN conversations r ON r.id = $1::uuid AND ${inheriting}`,
        `UPDATE conversations c SET
           project_id = COALESCE(c.project_id, r.project_id), developer_id = COALESCE(c.developer_id, r.developer_id)
         FROM conversations r
         WHERE r.id = $1::uuid AND ${inheriting} AND c.id IN (SELECT id::uuid FROM before)`,
        conversationId,
      )),
    );
  }
  if (facts.child) {
    await tx.$executeRawUnsafe(
      `UPDATE conversations c SET parent_conversation_id = s.conversation_id
       FROM (
         SELECT m.conversation_id
         FROM conversations me
         JOIN conversations f ON f.workspace_id = me.workspace_id AND f.id <> me.id
          AND (f.collector_session_id = me.parent_session_id OR f.parent_session_id = me.parent_session_id)
         JOIN messages m ON m.conversation_id = f.id
         WHERE me.id = $1::uuid
           AND ((m.message_type = 'tool_call'
                 AND m.tool_calls->0->>'tool_use_id' = me.extra_data->>'spawned_by_tool_use_id')
             OR (m.message_type = 'tool_result' AND m.extra_data->>'agent_id' = me.extra_data->>'agent_id'))
         -- The call itself first; then any stable choice.
         ORDER BY (m.message_type = 'tool_call') DESC, m.conversation_id
         LIMIT 1) s
       WHERE c.id = $1::uuid AND c.parent_session_id IS NOT NULL
         AND c.parent_conversation_id IS DISTINCT FROM s.conversation_id`,
      conversationId,
    );
  }
  if (facts.calls.length > 0 || facts.agents.length > 0) {
    const spawnedHere = `c.workspace_id = $1::uuid AND c.parent_session_id = $3 AND c.id <> $2::uuid
         AND (c.extra_data->>'spawned_by_tool_use_id' = ANY($4::text[])
           OR c.extra_data->>'agent_id' = ANY($5::text[]))
         AND c.parent_conversation_id IS DISTINCT FROM $2::uuid`;
    transitions.push(
      ...(await trackedUpdate(
        tx,
        `SELECT c.id FROM conversations c WHERE ${spawnedHere}`,
        `UPDATE conversations c SET parent_conversation_id = $2::uuid,
           project_id = COALESCE(c.project_id, s.project_id), developer_id = COALESCE(c.developer_id, s.developer_id)
         FROM conversations s
         WHERE s.id = $2::uuid AND ${spawnedHere} AND c.id IN (SELECT id::uuid FROM before)`,
        workspaceId,
        conversationId,
        self.root,
        facts.calls,
        facts.agents,
      )),
    );
  }
  return transitions;
}
