-- Indexes for the read API: tag filter, transcript, text search (decisions 0035, 0036).
-- No apostrophes in these comments: the schema engine splits statements without knowing about comments.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Tag filter of the conversation list: tags @> a JSON object.
CREATE INDEX "conversations_tags_idx" ON "conversations" USING GIN ("tags" jsonb_path_ops);

-- The call of a tool result in its conversation (the transcript hides joined results).
CREATE INDEX "messages_tool_call_use_id_idx" ON "messages" ("conversation_id", (("tool_calls" -> 0) ->> 'tool_use_id'))
  WHERE "message_type" = 'tool_call';

-- Search: case-insensitive substrings of the text of a message and, for a tool call, its parameters.
CREATE INDEX "messages_search_trgm_idx" ON "messages" USING GIN (
  ("content" || COALESCE(' ' || (("tool_calls" -> 0) -> 'parameters')::text, '')) gin_trgm_ops);
