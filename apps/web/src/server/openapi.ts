// OpenAPI 3.1 of /api/v1, generated from the zod schemas the handlers use (features/*/schemas.ts), so the document
// cannot disagree with what the server validates and answers.
import { errorBodySchema } from "@catsyphon/protocol";
import { z } from "zod";
import {
  apiTokenListSchema,
  apiTokenParamsSchema,
  createApiTokenBodySchema,
  createdApiTokenSchema,
} from "../features/api-tokens/schemas";
import { signInBodySchema, changePasswordBodySchema } from "../features/auth/schemas";
import {
  collectorListSchema,
  collectorParamsSchema,
  collectorSchema,
  createCollectorBodySchema,
  createdCollectorSchema,
} from "../features/collectors/schemas";
import {
  conversationDetailSchema,
  conversationIdParamsSchema,
  conversationListQuerySchema,
  conversationListSchema,
} from "../features/conversations/schemas";
import { eventsQuerySchema, liveEventDataSchemas } from "../features/events/schemas";
import {
  collectorHealthListSchema,
  collectorHealthQuerySchema,
  ingestionJobListQuerySchema,
  ingestionJobListSchema,
  ingestionJobParamsSchema,
  ingestionJobSchema,
  queueDepthsSchema,
  taggerStatusSchema,
} from "../features/ingestion/schemas";
import {
  developerDetailQuerySchema,
  developerDetailSchema,
  developerListQuerySchema,
  developerListSchema,
  developerParamsSchema,
} from "../features/developers/schemas";
import {
  projectDetailQuerySchema,
  projectDetailSchema,
  projectFileListSchema,
  projectFilesQuerySchema,
  projectListQuerySchema,
  projectListSchema,
  projectParamsSchema,
  projectSessionsQuerySchema,
} from "../features/projects/schemas";
import { overviewQuerySchema, overviewSchema } from "../features/stats/schemas";
import {
  acceptedInviteSchema,
  acceptInviteBodySchema,
  createdInviteSchema,
  createInviteBodySchema,
  inviteListSchema,
  inviteParamsSchema,
  inviteSchema,
} from "../features/invites/schemas";
import {
  changeRoleBodySchema,
  memberListSchema,
  memberParamsSchema,
  memberSchema,
} from "../features/members/schemas";
import { conversationTagsSchema, retagAcceptedSchema, tagEditSchema } from "../features/tags/schemas";
import { messageListQuerySchema, messageListSchema } from "../features/messages/schemas";
import { searchQuerySchema, searchResultSchema } from "../features/search/schemas";
import { exportQuerySchema } from "../features/export/schemas";
import {
  createdShareLinkSchema,
  createShareLinkBodySchema,
  shareLinkIdParamsSchema,
  shareLinkListSchema,
  shareSettingsSchema,
  shareTokenParamsSchema,
} from "../features/share-links/schemas";
import {
  meSchema,
  myWorkspaceSchema,
  myWorkspacesSchema,
  switchWorkspaceBodySchema,
} from "../features/workspaces/schemas";

const webErrorSchema = errorBodySchema.extend({
  error: z
    .string()
    .describe("machine code: invalid_query, invalid_body, unauthorized, forbidden, not_found, ..."),
});

type Json = Record<string, unknown>;
const schemaOf = (schema: z.ZodType, io: "input" | "output"): Json => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Json;
  return rest;
};
const body = (schema: z.ZodType) => ({
  required: true,
  content: { "application/json": { schema: schemaOf(schema, "input") } },
});
const answer = (description: string, schema?: z.ZodType) =>
  schema
    ? { description, content: { "application/json": { schema: schemaOf(schema, "output") } } }
    : { description };
const error = (description: string) => answer(description, webErrorSchema);

function parameters(schema: z.ZodObject, where: "query" | "path"): Json[] {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: where,
    required: where === "path",
    schema: schemaOf(field as z.ZodType, "input"),
  }));
}

// Either credential; what it may do is in each summary and in the 403 answers.
const sessionOrToken = [{ session: [] }, { apiToken: [] }];
const common = {
  "401": error("No valid session cookie or API token"),
  "403": error("The role or the token's scopes do not allow this, or a cross-site request"),
};
const withId = (schema: z.ZodObject) => ({ parameters: parameters(schema, "path") });

const eventStreamDescription =
  "text/event-stream. Each event has `id` (resume with the Last-Event-ID header or ?last_event_id), `event` " +
  "(one of the keys below) and `data` (JSON of the schema under that key). A `retry:` hint opens the stream; " +
  "comments are heartbeats. Events are sent after the rows they announce are committed.";

export function openApiDocument(): Json {
  return {
    openapi: "3.1.0",
    info: {
      title: "CatSyphon read API",
      version: "1.0.0",
      description:
        "The dashboard's API. Authenticate with the session cookie (signed in through /api/v1/auth/sign-in) or " +
        "`Authorization: Bearer csa_...` (a workspace API token: scope read for reads, admin for management). " +
        "Every answer is about one workspace: the token's, or the one the user switched to. An id of another " +
        "workspace answers 404. State-changing requests with a cookie must come from the dashboard's origin. " +
        "Errors share one shape: {error, message, details?}.",
    },
    servers: [{ url: "/api/v1" }],
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "catsyphon_session" },
        apiToken: { type: "http", scheme: "bearer", description: "csa_ workspace API token" },
      },
    },
    paths: {
      "/auth/sign-in": {
        post: {
          summary: "Sign in (JSON, or a form post that is redirected)",
          security: [],
          requestBody: body(signInBodySchema),
          responses: {
            "200": answer("Signed in; the session cookie is set"),
            "401": error("Wrong email or password (the same answer for an unknown email)"),
            "429": error("Too many failed sign-ins for this account or address; wait Retry-After seconds"),
          },
        },
      },
      "/auth/sign-out": {
        post: { summary: "Sign out (ends this session)", responses: { "204": answer("Signed out") } },
      },
      "/auth/password": {
        post: {
          summary: "Change the password; ends every other session",
          security: [{ session: [] }],
          requestBody: body(changePasswordBodySchema),
          responses: { "200": answer("Changed; a new session cookie is set"), ...common },
        },
      },
      "/me": {
        get: {
          summary: "Who is calling, in which workspace",
          security: sessionOrToken,
          responses: { "200": answer("OK", meSchema), ...common },
        },
      },
      "/workspaces": {
        get: {
          summary: "The user's workspaces",
          security: [{ session: [] }],
          responses: { "200": answer("OK", myWorkspacesSchema), ...common },
        },
      },
      "/workspaces/current": {
        put: {
          summary: "Switch the current workspace",
          security: [{ session: [] }],
          requestBody: body(switchWorkspaceBodySchema),
          responses: {
            "200": answer("Switched", myWorkspaceSchema),
            "404": error("Not one of the user's workspaces"),
            ...common,
          },
        },
      },
      "/conversations": {
        get: {
          summary: "Main sessions, newest activity first, with their sub-agents as children",
          security: sessionOrToken,
          parameters: parameters(conversationListQuerySchema, "query"),
          responses: {
            "200": answer("OK", conversationListSchema),
            "400": error("Bad query parameters"),
            ...common,
          },
        },
      },
      "/conversations/{id}": {
        get: {
          summary: "One conversation with extra data, epochs, files touched and children",
          security: sessionOrToken,
          ...withId(conversationIdParamsSchema),
          responses: {
            "200": answer("OK", conversationDetailSchema),
            "404": error("No such conversation here"),
            ...common,
          },
        },
      },
      "/conversations/{id}/tags": {
        patch: {
          summary:
            "Set tags by hand (member role): each field given is kept across re-tagging (_meta.source human); null hands it back to the tagger",
          security: sessionOrToken,
          ...withId(conversationIdParamsSchema),
          requestBody: body(tagEditSchema),
          responses: {
            "200": answer("OK", conversationTagsSchema),
            "400": error("Invalid body"),
            "404": error("No such conversation here"),
            ...common,
          },
        },
      },
      "/conversations/{id}/retag": {
        post: {
          summary: "Ask the tagger to tag the conversation again (member role); human edits stay",
          security: sessionOrToken,
          ...withId(conversationIdParamsSchema),
          responses: {
            "202": answer("Queued", retagAcceptedSchema),
            "404": error("No such conversation here"),
            ...common,
          },
        },
      },
      "/conversations/{id}/messages": {
        get: {
          summary:
            "A conversation's messages in sequence order, tool results joined into their calls (a result whose " +
            "call is in the conversation is not an item of its own)",
          security: sessionOrToken,
          parameters: [
            ...parameters(conversationIdParamsSchema, "path"),
            ...parameters(messageListQuerySchema, "query"),
          ],
          responses: {
            "200": answer("OK", messageListSchema),
            "400": error("Bad query parameters"),
            "404": error("No such conversation here"),
            ...common,
          },
        },
      },
      "/conversations/{id}/export": {
        get: {
          summary:
            "The conversation as a download: Markdown (format=md) or JSON Lines (format=jsonl: a conversation " +
            "line, then one line per transcript item), streamed page by page",
          security: sessionOrToken,
          parameters: [
            ...parameters(conversationIdParamsSchema, "path"),
            ...parameters(exportQuerySchema, "query"),
          ],
          responses: {
            "200": {
              description: "The file (Content-Disposition: attachment)",
              content: {
                "text/markdown": { schema: { type: "string" } },
                "application/x-ndjson": { schema: { type: "string" } },
              },
            },
            "400": error("Bad query parameters"),
            "404": error("No such conversation here"),
            ...common,
          },
        },
      },
      "/conversations/{id}/share-links": {
        get: {
          summary: "The conversation's share links: state (active, expired, revoked), views, last view",
          security: sessionOrToken,
          ...withId(conversationIdParamsSchema),
          responses: {
            "200": answer("OK", shareLinkListSchema),
            "404": error("No such conversation here"),
            ...common,
          },
        },
        post: {
          summary: "Create a read-only share link (member role); the token is in this answer only",
          security: sessionOrToken,
          ...withId(conversationIdParamsSchema),
          requestBody: body(createShareLinkBodySchema),
          responses: {
            "201": answer("Created", createdShareLinkSchema),
            "400": error("Invalid body"),
            "404": error("No such conversation here"),
            ...common,
          },
        },
      },
      "/share-links/{id}": {
        delete: {
          summary: "Revoke a share link (member role); it stops working at once",
          security: sessionOrToken,
          ...withId(shareLinkIdParamsSchema),
          responses: { "204": answer("Revoked"), "404": error("No such share link here"), ...common },
        },
      },
      "/share/{token}/messages": {
        get: {
          summary:
            "A shared conversation's messages by the link's token (as /conversations/{id}/messages); without the " +
            "owner's public_share_links, only for a signed-in member of the workspace",
          parameters: [
            ...parameters(shareTokenParamsSchema, "path"),
            ...parameters(messageListQuerySchema, "query"),
          ],
          responses: {
            "200": answer("OK", messageListSchema),
            "401": error("Sign in as a member of the workspace"),
            "404": error("No such link, or it was revoked or has expired"),
          },
        },
      },
      "/workspaces/current/share-settings": {
        get: {
          summary: "Whether share links open without signing in",
          security: sessionOrToken,
          responses: { "200": answer("OK", shareSettingsSchema), ...common },
        },
        put: {
          summary: "Choose whether share links open without signing in (owner role)",
          security: sessionOrToken,
          requestBody: body(shareSettingsSchema),
          responses: { "200": answer("OK", shareSettingsSchema), "400": error("Invalid body"), ...common },
        },
      },
      "/search": {
        get: {
          summary:
            "Messages of the workspace containing every term (message text, tool results, tool call parameters), " +
            "newest first, with a plain-text snippet and highlight offsets",
          security: sessionOrToken,
          parameters: parameters(searchQuerySchema, "query"),
          responses: {
            "200": answer("OK", searchResultSchema),
            "400": error("Bad query parameters, or no term of 3 letters or digits in a row"),
            ...common,
          },
        },
      },
      "/stats/overview": {
        get: {
          summary:
            "Activity over a range of days in a time zone: totals, per day, by agent, model, project, developer",
          security: sessionOrToken,
          parameters: parameters(overviewQuerySchema, "query"),
          responses: {
            "200": answer("OK", overviewSchema),
            "400": error("Bad query parameters (unknown tz, bad date, end before start, over 400 days)"),
            ...common,
          },
        },
      },
      "/projects": {
        get: {
          summary: "Projects, newest activity first, with all-time totals",
          security: sessionOrToken,
          parameters: parameters(projectListQuerySchema, "query"),
          responses: {
            "200": answer("OK", projectListSchema),
            "400": error("Bad query parameters"),
            ...common,
          },
        },
      },
      "/projects/{id}": {
        get: {
          summary: "One project: all-time totals, developers and agents; activity per day of a range",
          security: sessionOrToken,
          parameters: [
            ...parameters(projectParamsSchema, "path"),
            ...parameters(projectDetailQuerySchema, "query"),
          ],
          responses: {
            "200": answer("OK", projectDetailSchema),
            "400": error("Bad query parameters"),
            "404": error("No such project here"),
            ...common,
          },
        },
      },
      "/projects/{id}/sessions": {
        get: {
          summary: "The project's main sessions (the /conversations list with project_id set)",
          security: sessionOrToken,
          parameters: [
            ...parameters(projectParamsSchema, "path"),
            ...parameters(projectSessionsQuerySchema, "query"),
          ],
          responses: {
            "200": answer("OK", conversationListSchema),
            "400": error("Bad query parameters"),
            "404": error("No such project here"),
            ...common,
          },
        },
      },
      "/projects/{id}/files": {
        get: {
          summary: "Hot spots: files touched by the project's sessions, most touched first",
          security: sessionOrToken,
          parameters: [
            ...parameters(projectParamsSchema, "path"),
            ...parameters(projectFilesQuerySchema, "query"),
          ],
          responses: {
            "200": answer("OK", projectFileListSchema),
            "400": error("Bad query parameters"),
            "404": error("No such project here"),
            ...common,
          },
        },
      },
      "/developers": {
        get: {
          summary: "Developers, newest activity first, with all-time totals",
          security: sessionOrToken,
          parameters: parameters(developerListQuerySchema, "query"),
          responses: {
            "200": answer("OK", developerListSchema),
            "400": error("Bad query parameters"),
            ...common,
          },
        },
      },
      "/developers/{id}": {
        get: {
          summary: "One developer: all-time totals, projects and agents; activity per day of a range",
          security: sessionOrToken,
          parameters: [
            ...parameters(developerParamsSchema, "path"),
            ...parameters(developerDetailQuerySchema, "query"),
          ],
          responses: {
            "200": answer("OK", developerDetailSchema),
            "400": error("Bad query parameters"),
            "404": error("No such developer here"),
            ...common,
          },
        },
      },
      "/members": {
        get: {
          summary: "Members of the workspace",
          security: sessionOrToken,
          responses: { "200": answer("OK", memberListSchema), ...common },
        },
      },
      "/members/{userId}": {
        patch: {
          summary: "Change a member's role (admins: member and viewer; owners: any)",
          security: sessionOrToken,
          ...withId(memberParamsSchema),
          requestBody: body(changeRoleBodySchema),
          responses: {
            "200": answer("Changed", memberSchema),
            "404": error("No such member"),
            "409": error("The last owner"),
            ...common,
          },
        },
        delete: {
          summary: "Remove a member",
          security: sessionOrToken,
          ...withId(memberParamsSchema),
          responses: {
            "204": answer("Removed"),
            "404": error("No such member"),
            "409": error("The last owner"),
            ...common,
          },
        },
      },
      "/invites": {
        get: {
          summary: "Invitations of the workspace",
          security: sessionOrToken,
          responses: { "200": answer("OK", inviteListSchema), ...common },
        },
        post: {
          summary: "Invite an email with a role; answers the one-time link (valid 7 days)",
          security: sessionOrToken,
          requestBody: body(createInviteBodySchema),
          responses: {
            "201": answer("Created", createdInviteSchema),
            "409": error("Already a member"),
            ...common,
          },
        },
      },
      "/invites/{id}": {
        delete: {
          summary: "Revoke a pending invitation",
          security: sessionOrToken,
          ...withId(inviteParamsSchema),
          responses: {
            "200": answer("Revoked", inviteSchema),
            "404": error("No such invitation"),
            ...common,
          },
        },
      },
      "/invites/accept": {
        post: {
          summary: "Accept an invitation (creates the account for a new email, with the given password)",
          security: [],
          requestBody: body(acceptInviteBodySchema),
          responses: {
            "200": answer("Joined", acceptedInviteSchema),
            "401": error("The email has an account: sign in as it first"),
            "404": error("Invalid, used, revoked or expired link"),
          },
        },
      },
      "/collectors": {
        get: {
          summary: "Collectors of the workspace (key prefixes only)",
          security: sessionOrToken,
          responses: { "200": answer("OK", collectorListSchema), ...common },
        },
        post: {
          summary: "Create a collector (admins); its key is in this answer only",
          security: sessionOrToken,
          requestBody: body(createCollectorBodySchema),
          responses: { "201": answer("Created", createdCollectorSchema), ...common },
        },
      },
      "/collectors/{id}": {
        delete: {
          summary: "Revoke a collector's key (effective within the ingest API's short cache time)",
          security: sessionOrToken,
          ...withId(collectorParamsSchema),
          responses: {
            "200": answer("Revoked", collectorSchema),
            "404": error("No such collector"),
            ...common,
          },
        },
      },
      "/ingestion/jobs": {
        get: {
          summary: "Batches the worker applied or parked (ingestion_jobs), newest first",
          security: sessionOrToken,
          parameters: parameters(ingestionJobListQuerySchema, "query"),
          responses: {
            "200": answer("OK", ingestionJobListSchema),
            "400": error("Bad query parameters"),
            ...common,
          },
        },
      },
      "/ingestion/jobs/{id}/retry": {
        post: {
          summary: "Re-drive a parked batch (admins)",
          security: sessionOrToken,
          ...withId(ingestionJobParamsSchema),
          responses: {
            "200": answer("Queued again", ingestionJobSchema),
            "404": error("No such job here"),
            "409": error("The batch is not parked"),
            ...common,
          },
        },
      },
      "/ingestion/collectors": {
        get: {
          summary: "Collectors with their batches today and in 24 h, parked batches and health",
          security: sessionOrToken,
          parameters: parameters(collectorHealthQuerySchema, "query"),
          responses: {
            "200": answer("OK", collectorHealthListSchema),
            "400": error("Bad query parameters"),
            ...common,
          },
        },
      },
      "/ingestion/queues": {
        get: {
          summary: "Depth of the deployment's queues, and this workspace's parked batches",
          security: sessionOrToken,
          responses: {
            "200": answer("OK", queueDepthsSchema),
            "503": error("Redis is unavailable"),
            ...common,
          },
        },
      },
      "/ingestion/tagger": {
        get: {
          summary:
            "Whether LLM tagging is paused for this workspace (auth or quota failures), why, and until when",
          security: sessionOrToken,
          responses: {
            "200": answer("OK", taggerStatusSchema),
            ...common,
          },
        },
      },
      "/events": {
        get: {
          summary: "Live updates for the workspace (server-sent events)",
          security: sessionOrToken,
          parameters: [
            ...parameters(eventsQuerySchema, "query"),
            { name: "Last-Event-ID", in: "header", required: false, schema: { type: "string" } },
          ],
          responses: {
            "200": {
              description: eventStreamDescription,
              content: {
                "text/event-stream": {
                  schema: { type: "string" },
                  "x-events": Object.fromEntries(
                    Object.entries(liveEventDataSchemas).map(([name, schema]) => [
                      name,
                      schemaOf(schema, "output"),
                    ]),
                  ),
                },
              },
            },
            "429": error("Too many open streams for this server or for this user/token"),
            ...common,
          },
        },
      },
      "/api-tokens": {
        get: {
          summary: "API tokens of the workspace",
          security: sessionOrToken,
          responses: { "200": answer("OK", apiTokenListSchema), ...common },
        },
        post: {
          summary: "Create an API token (shown once)",
          security: sessionOrToken,
          requestBody: body(createApiTokenBodySchema),
          responses: { "201": answer("Created", createdApiTokenSchema), ...common },
        },
      },
      "/api-tokens/{id}": {
        delete: {
          summary: "Revoke an API token",
          security: sessionOrToken,
          ...withId(apiTokenParamsSchema),
          responses: { "200": answer("Revoked"), "404": error("No such token"), ...common },
        },
      },
    },
  };
}
