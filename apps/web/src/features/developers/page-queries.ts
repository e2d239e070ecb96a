// The developer page's sessions: the conversations list filtered by developer (a plain module: the server
// component and the client view ask the same question).
export function developerSessionsQuery(id: string, page: number): string {
  const params = new URLSearchParams({ developer_id: id });
  if (page > 1) params.set("page", String(page));
  return params.toString();
}
