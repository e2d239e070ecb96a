// The first element of every dashboard query key, so live updates can invalidate by feature: a committed change to
// a conversation can alter every list, total and chart below, so each of these roots is refetched (the mounted
// queries only; the others are marked stale).
export const QUERY_ROOTS = {
  conversations: "conversations",
  conversation: "conversation",
  overview: "overview",
  projects: "projects",
  project: "project",
  developers: "developers",
  developer: "developer",
  ingestion: "ingestion",
} as const;

/** What a conversation.created/updated event can change, apart from that conversation's own detail. */
export const CONVERSATION_DEPENDENT_ROOTS: readonly string[] = [
  QUERY_ROOTS.conversations,
  QUERY_ROOTS.overview,
  QUERY_ROOTS.projects,
  QUERY_ROOTS.project,
  QUERY_ROOTS.developers,
  QUERY_ROOTS.developer,
  QUERY_ROOTS.ingestion,
];
