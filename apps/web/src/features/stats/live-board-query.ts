// The live board's question to GET /api/v1/conversations: open sessions, most recent activity first (a plain
// module, so the server component and the client view share the value).
export const LIVE_BOARD_QUERY = "status=active&page_size=10";
