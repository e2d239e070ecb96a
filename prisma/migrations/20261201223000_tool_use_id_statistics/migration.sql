-- Statistics on the tool_use_id of a message (the first tool call), which the transcript joins a tool result to its
-- call on. The only index on that expression is partial (tool calls only), and Postgres keeps no statistics for the
-- expressions of a partial index, so without these it guesses 200 distinct values: each probe of the transcript
-- anti-join was estimated at rows/200 calls (11 for the 2,379 calls of a long session), the serial page plan
-- looked costly, and on a large archive the planner chose a parallel Gather Merge for a 100-row page.
-- ANALYZE (autovacuum) fills these. The tool_use_ids are unique, so a probe is estimated at one row.
CREATE STATISTICS "messages_tool_use_id_stats" ON ((("tool_calls" -> 0) ->> 'tool_use_id')) FROM "messages";
