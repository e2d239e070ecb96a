// The ingestion page's questions (a plain module: the server component and the client view ask the same ones).
export const PARKED_QUERY = "status=failed&page_size=20";
export const JOB_LIST_KEYS = ["status", "page"] as const;
