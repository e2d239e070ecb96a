// A long session written straight to the test file's own database (the worker's write path is tested in its own
// package): `count` messages cycling through a prompt, an Edit tool call with its result joined in, a response with
// model, usage and cost, and a thinking row; two epochs (a compaction half way). One INSERT ... SELECT.
import { type PrismaClient } from "@catsyphon/db";
import { conversation } from "./fixtures";

export const LONG_SESSION_MARKER = "needle_identifier_4242";

export async function seedLongSession(
  prisma: PrismaClient,
  workspaceId: string,
  count: number,
  slug = "long-session",
): Promise<{ id: string; markerSequence: number }> {
  const { id } = await conversation(prisma, {
    workspaceId,
    extraData: { slug, git_branch: "main", working_directory: "/home/ada/app" },
  });
  const half = Math.floor(count / 2) + 1;
  await prisma.$executeRaw`
    INSERT INTO epochs (id, conversation_id, epoch_number, start_sequence, started_at, trigger, pre_tokens)
    VALUES (gen_random_uuid(), ${id}::uuid, 1, 1, now(), NULL, NULL),
           (gen_random_uuid(), ${id}::uuid, 2, ${half}, now(), 'auto', 155000)`;
  // The marker sits in one response late in the session, for search and jump tests.
  const markerSequence = count - 5 - ((count - 5) % 4) + 3;
  await prisma.$executeRaw`
    INSERT INTO messages (workspace_id, conversation_id, epoch_id, sequence, author_role, message_type, content,
                          tool_calls, extra_data, cost_usd, emitted_at, observed_at, server_received_at)
    SELECT ${workspaceId}::uuid, ${id}::uuid,
           (SELECT e.id FROM epochs e WHERE e.conversation_id = ${id}::uuid
              AND e.epoch_number = CASE WHEN i >= ${half} THEN 2 ELSE 1 END),
           i,
           (CASE i % 4 WHEN 1 THEN 'human' ELSE 'assistant' END)::author_role,
           (CASE i % 4 WHEN 1 THEN 'prompt' WHEN 2 THEN 'tool_call' WHEN 3 THEN 'response' ELSE 'thinking' END)::message_type,
           CASE i % 4
             WHEN 1 THEN 'Please fix **bug** number ' || i || ' <script>alert(1)</script>'
             WHEN 2 THEN ''
             WHEN 3 THEN 'Fixed it in ' || chr(96) || 'src/file' || i || '.ts' || chr(96) || '.' ||
                         CASE WHEN i = ${markerSequence} THEN ' ' || ${LONG_SESSION_MARKER} ELSE '' END
             ELSE 'thinking about step ' || i END,
           CASE i % 4 WHEN 2 THEN jsonb_build_array(jsonb_build_object(
             'tool_name', 'Edit', 'tool_use_id', 'tu' || i,
             'parameters', jsonb_build_object('file_path', 'src/file' || i || '.ts',
                                               'old_string', 'const a = 1;' || chr(10) || 'keep()',
                                               'new_string', 'const a = 2;' || chr(10) || 'keep()'),
             'result', 'The file src/file' || i || '.ts has been updated.', 'success', true))
           ELSE '[]'::jsonb END,
           CASE i % 4 WHEN 3 THEN jsonb_build_object('model', 'claude-sonnet-4-5',
             'token_usage', jsonb_build_object('input_tokens', 1200, 'output_tokens', 340,
                                               'cache_read_tokens', 9000, 'cache_creation_tokens', 0))
           ELSE '{}'::jsonb END,
           CASE i % 4 WHEN 3 THEN 0.0123 ELSE NULL END,
           timestamptz '2026-11-20 10:00:00+00' + i * interval '1 second',
           timestamptz '2026-11-20 10:00:00+00' + i * interval '1 second',
           timestamptz '2026-11-20 10:00:00+00' + i * interval '1 second'
    FROM generate_series(1, ${count}) AS i`;
  await prisma.conversation.update({ where: { id }, data: { messageCount: count } });
  // Fresh statistics, as autovacuum would gather after such an insert: without them the planner estimates ~50 rows
  // and answers the transcript's anti-join with a nested loop (3.5 s per page on 10k rows instead of 20 ms).
  await prisma.$executeRaw`ANALYZE messages`;
  return { id, markerSequence };
}
