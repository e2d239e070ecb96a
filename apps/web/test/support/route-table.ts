// The access walk's table: every /api/v1 handler and every page, with who may call it and which workspace's row
// its path names. The walk (test/access.test.ts) checks the table against the file system (app-routes.ts) and each
// entry against src/server/roles.ts, so the table says only what a route is, never what each role gets.
import { type Permission } from "../../src/server/roles";
import { type HttpMethod } from "./app-routes";
import { PASSWORD } from "./fixtures";
import { type WorkspaceRows } from "./workspace-rows";

/** The workspace-owned rows a path's id can name: another workspace's is a 404. */
export type OwnedResource =
  | "conversation"
  | "project"
  | "developer"
  | "collector"
  | "api_token"
  | "invite"
  | "member"
  | "ingestion_job"
  | "share_link";

export type RouteAccess =
  /** workspaceRoute: a session or an API token of the workspace, with this permission. */
  | { kind: "workspace"; permission: Permission }
  /** userRoute: a signed-in user (no API token), about no one workspace. */
  | { kind: "user" }
  /** publicRoute or a plain handler: anyone; state-changing ones still need our Origin. */
  | { kind: "public" };

/** One call of a route in one workspace, and the status it answers when the caller may make it. */
export interface PreparedCall {
  params?: Record<string, string>;
  query?: string;
  json?: unknown;
  ok: number;
}

export interface ApiRoute {
  method: HttpMethod;
  /** As the file system gives it: /api/v1/conversations/{id}. */
  path: string;
  access: RouteAccess;
  owns?: OwnedResource;
  /** An SSE stream: the walk reads its status and headers, then cancels it. */
  stream?: boolean;
  /** Builds a call in the rows' workspace: fresh rows for what it changes or removes. */
  prepare(rows: WorkspaceRows): Promise<PreparedCall>;
}

const read: RouteAccess = { kind: "workspace", permission: "read" };
const manage: RouteAccess = { kind: "workspace", permission: "manage" };
const unique = () => Math.random().toString(36).slice(2, 10);

export const API_ROUTES: readonly ApiRoute[] = [
  // Who am I, and the user's own workspaces.
  { method: "GET", path: "/api/v1/me", access: read, prepare: async () => ({ ok: 200 }) },
  { method: "GET", path: "/api/v1/workspaces", access: { kind: "user" }, prepare: async () => ({ ok: 200 }) },
  {
    method: "PUT",
    path: "/api/v1/workspaces/current",
    access: { kind: "user" },
    prepare: async (rows) => ({ json: { workspace_id: rows.workspaceId }, ok: 200 }),
  },
  // An incomplete body: the answer shows the wrapper let the caller through without changing a password.
  {
    method: "POST",
    path: "/api/v1/auth/password",
    access: { kind: "user" },
    prepare: async () => ({ json: {}, ok: 400 }),
  },

  // Conversations, transcripts, search, stats.
  { method: "GET", path: "/api/v1/conversations", access: read, prepare: async () => ({ ok: 200 }) },
  {
    method: "GET",
    path: "/api/v1/conversations/{id}",
    access: read,
    owns: "conversation",
    prepare: async (rows) => ({ params: { id: rows.conversationId }, ok: 200 }),
  },
  {
    method: "GET",
    path: "/api/v1/conversations/{id}/messages",
    access: read,
    owns: "conversation",
    prepare: async (rows) => ({ params: { id: rows.conversationId }, ok: 200 }),
  },
  // Tags: a human edit and a re-tag request (a tag-conversation job).
  {
    method: "PATCH",
    path: "/api/v1/conversations/{id}/tags",
    access: { kind: "workspace", permission: "edit_tags" },
    owns: "conversation",
    prepare: async (rows) => ({ params: { id: rows.conversationId }, json: { summary: "walked" }, ok: 200 }),
  },
  {
    method: "POST",
    path: "/api/v1/conversations/{id}/retag",
    access: { kind: "workspace", permission: "edit_tags" },
    owns: "conversation",
    prepare: async (rows) => ({ params: { id: rows.conversationId }, ok: 202 }),
  },
  // Export and share links (decision 0051): links are made by members and up, the settings by owners.
  {
    method: "GET",
    path: "/api/v1/conversations/{id}/export",
    access: read,
    owns: "conversation",
    prepare: async (rows) => ({ params: { id: rows.conversationId }, query: "format=jsonl", ok: 200 }),
  },
  {
    method: "GET",
    path: "/api/v1/conversations/{id}/share-links",
    access: read,
    owns: "conversation",
    prepare: async (rows) => ({ params: { id: rows.conversationId }, ok: 200 }),
  },
  {
    method: "POST",
    path: "/api/v1/conversations/{id}/share-links",
    access: { kind: "workspace", permission: "edit_tags" },
    owns: "conversation",
    prepare: async (rows) => ({ params: { id: rows.conversationId }, json: { expires_in_days: 1 }, ok: 201 }),
  },
  {
    method: "DELETE",
    path: "/api/v1/share-links/{id}",
    access: { kind: "workspace", permission: "edit_tags" },
    owns: "share_link",
    prepare: async (rows) => ({ params: { id: await rows.shareLink() }, ok: 204 }),
  },
  // By the link's token, not a session: an unknown token is a 404 for everyone.
  {
    method: "GET",
    path: "/api/v1/share/{token}/messages",
    access: { kind: "public" },
    prepare: async () => ({ params: { token: `css_${"a".repeat(43)}` }, ok: 404 }),
  },
  {
    method: "GET",
    path: "/api/v1/workspaces/current/share-settings",
    access: read,
    prepare: async () => ({ ok: 200 }),
  },
  {
    method: "PUT",
    path: "/api/v1/workspaces/current/share-settings",
    access: { kind: "workspace", permission: "manage_admins" },
    prepare: async () => ({ json: { public_share_links: false }, ok: 200 }),
  },
  {
    method: "GET",
    path: "/api/v1/search",
    access: read,
    prepare: async () => ({ query: "q=hello", ok: 200 }),
  },
  { method: "GET", path: "/api/v1/stats/overview", access: read, prepare: async () => ({ ok: 200 }) },

  // Projects and developers.
  { method: "GET", path: "/api/v1/projects", access: read, prepare: async () => ({ ok: 200 }) },
  {
    method: "GET",
    path: "/api/v1/projects/{id}",
    access: read,
    owns: "project",
    prepare: async (rows) => ({ params: { id: rows.projectId }, ok: 200 }),
  },
  {
    method: "GET",
    path: "/api/v1/projects/{id}/sessions",
    access: read,
    owns: "project",
    prepare: async (rows) => ({ params: { id: rows.projectId }, ok: 200 }),
  },
  {
    method: "GET",
    path: "/api/v1/projects/{id}/files",
    access: read,
    owns: "project",
    prepare: async (rows) => ({ params: { id: rows.projectId }, ok: 200 }),
  },
  { method: "GET", path: "/api/v1/developers", access: read, prepare: async () => ({ ok: 200 }) },
  {
    method: "GET",
    path: "/api/v1/developers/{id}",
    access: read,
    owns: "developer",
    prepare: async (rows) => ({ params: { id: rows.developerId }, ok: 200 }),
  },

  // Members and invitations.
  { method: "GET", path: "/api/v1/members", access: read, prepare: async () => ({ ok: 200 }) },
  {
    method: "PATCH",
    path: "/api/v1/members/{userId}",
    access: manage,
    owns: "member",
    prepare: async (rows) => ({ params: { userId: await rows.member() }, json: { role: "member" }, ok: 200 }),
  },
  {
    method: "DELETE",
    path: "/api/v1/members/{userId}",
    access: manage,
    owns: "member",
    prepare: async (rows) => ({ params: { userId: await rows.member() }, ok: 204 }),
  },
  { method: "GET", path: "/api/v1/invites", access: manage, prepare: async () => ({ ok: 200 }) },
  {
    method: "POST",
    path: "/api/v1/invites",
    access: manage,
    prepare: async () => ({ json: { email: `new-${unique()}@walk.example`, role: "member" }, ok: 201 }),
  },
  {
    method: "DELETE",
    path: "/api/v1/invites/{id}",
    access: manage,
    owns: "invite",
    prepare: async (rows) => ({ params: { id: await rows.invite() }, ok: 200 }),
  },
  // The invitation's token is the credential; an unknown one is a 404.
  {
    method: "POST",
    path: "/api/v1/invites/accept",
    access: { kind: "public" },
    prepare: async () => ({
      json: { token: `unknown-${unique()}`, password: "a long new password" },
      ok: 404,
    }),
  },

  // Collectors and API tokens.
  { method: "GET", path: "/api/v1/collectors", access: read, prepare: async () => ({ ok: 200 }) },
  {
    method: "POST",
    path: "/api/v1/collectors",
    access: manage,
    prepare: async () => ({ json: { name: `laptop ${unique()}` }, ok: 201 }),
  },
  {
    method: "DELETE",
    path: "/api/v1/collectors/{id}",
    access: manage,
    owns: "collector",
    prepare: async (rows) => ({ params: { id: await rows.collector() }, ok: 200 }),
  },
  { method: "GET", path: "/api/v1/api-tokens", access: manage, prepare: async () => ({ ok: 200 }) },
  {
    method: "POST",
    path: "/api/v1/api-tokens",
    access: manage,
    prepare: async () => ({ json: { name: `walk ${unique()}`, scopes: ["read"] }, ok: 201 }),
  },
  {
    method: "DELETE",
    path: "/api/v1/api-tokens/{id}",
    access: manage,
    owns: "api_token",
    prepare: async (rows) => ({ params: { id: await rows.apiToken() }, ok: 200 }),
  },

  // Ingestion and live events.
  { method: "GET", path: "/api/v1/ingestion/jobs", access: read, prepare: async () => ({ ok: 200 }) },
  // The row is parked but the queue holds no such job: 409 once the caller and the row have passed every check.
  {
    method: "POST",
    path: "/api/v1/ingestion/jobs/{id}/retry",
    access: manage,
    owns: "ingestion_job",
    prepare: async (rows) => ({ params: { id: await rows.ingestionJob() }, ok: 409 }),
  },
  { method: "GET", path: "/api/v1/ingestion/collectors", access: read, prepare: async () => ({ ok: 200 }) },
  { method: "GET", path: "/api/v1/ingestion/queues", access: read, prepare: async () => ({ ok: 200 }) },
  { method: "GET", path: "/api/v1/ingestion/tagger", access: read, prepare: async () => ({ ok: 200 }) },
  { method: "GET", path: "/api/v1/events", access: read, stream: true, prepare: async () => ({ ok: 200 }) },

  // Open to anyone.
  {
    method: "POST",
    path: "/api/v1/auth/sign-in",
    access: { kind: "public" },
    prepare: async (rows) => ({ json: { email: await rows.memberEmail(), password: PASSWORD }, ok: 200 }),
  },
  {
    method: "POST",
    path: "/api/v1/auth/sign-out",
    access: { kind: "public" },
    prepare: async () => ({ ok: 204 }),
  },
  {
    method: "GET",
    path: "/api/v1/openapi.json",
    access: { kind: "public" },
    prepare: async () => ({ ok: 200 }),
  },
  // The catch-all: the API's JSON 404 for any other path, whatever the method.
  ...(["GET", "POST", "PUT", "PATCH", "DELETE"] as const).map((method): ApiRoute => ({
    method,
    path: "/api/v1/{...path}",
    access: { kind: "public" },
    prepare: async () => ({ params: { path: "no-such-route" }, ok: 404 }),
  })),
];

export interface Page {
  path: string;
  /** A dashboard page needs a session (else a redirect to /sign-in); a public one is for anyone. */
  access: "dashboard" | "public";
  owns?: Extract<OwnedResource, "conversation" | "project" | "developer">;
  /** Shown to members and viewers as "your role cannot manage ..." without its rows. */
  managersOnly?: boolean;
  /** A page that only sends a signed-in user on. */
  redirectsTo?: string;
}

export const PAGES: readonly Page[] = [
  { path: "/", access: "dashboard" },
  { path: "/conversations", access: "dashboard" },
  { path: "/conversations/{id}", access: "dashboard", owns: "conversation" },
  { path: "/projects", access: "dashboard" },
  { path: "/projects/{id}", access: "dashboard", owns: "project" },
  { path: "/developers", access: "dashboard" },
  { path: "/developers/{id}", access: "dashboard", owns: "developer" },
  { path: "/search", access: "dashboard" },
  { path: "/ingestion", access: "dashboard" },
  { path: "/settings", access: "dashboard", redirectsTo: "/settings/members" },
  { path: "/settings/members", access: "dashboard" },
  { path: "/settings/collectors", access: "dashboard" },
  { path: "/settings/api-tokens", access: "dashboard", managersOnly: true },
  { path: "/settings/invites", access: "dashboard", managersOnly: true },
  { path: "/sign-in", access: "public" },
  { path: "/invite/{token}", access: "public" },
  { path: "/share/{token}", access: "public" },
];

export const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
