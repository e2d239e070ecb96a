// OpenAPI 3.1 description of the collector protocol, generated from the protocol package's zod schemas, so the
// document can never disagree with what the service validates.
import { MAX_JSON_DEPTH, protocolJsonSchemas } from "@catsyphon/protocol";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ "application/json": { schema: ref(name) } });
const error = (description: string) => ({ description, content: json("ErrorBody") });

const collectorAuth = [{ collectorKey: [], collectorId: [] }];
const adminAuth = [{ adminToken: [] }];
const sessionIdParameter = {
  name: "session_id",
  in: "path",
  required: true,
  schema: { type: "string", minLength: 1, maxLength: 256 },
  description: "The collector's session id (e.g. the agent's own session UUID).",
};

const commonErrors = {
  "401": error(
    "Missing, malformed, unknown or revoked credential, or one collector's key with another collector's id",
  ),
  "429": {
    description: "Rate limited; wait Retry-After seconds",
    headers: { "Retry-After": { schema: { type: "integer" } } },
    content: json("ErrorBody"),
  },
  "503": error("Redis or Postgres is unavailable; nothing was accepted, retry later"),
};

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: {
      title: "CatSyphon collector API",
      version: "1.0.0",
      description:
        "Collectors (the CatSyphon watcher, SDKs, other tools) register once, then submit agent sessions as " +
        "batches of sequenced events. Sequence numbers are per session, contiguous and start at 1; resending " +
        "accepted events is always safe (they are counted as duplicates). Errors share one shape: " +
        "{error, message, details?}. Bodies are JSON (Content-Type: application/json), optionally compressed " +
        "(Content-Encoding: gzip, deflate, br or zstd; the size limit applies after inflating), nested at most " +
        `${MAX_JSON_DEPTH} levels deep. \`null\` means absent for every optional field.`,
    },
    servers: [{ url: "/" }],
    components: {
      schemas: protocolJsonSchemas({ uri: (name) => `#/components/schemas/${name}` }),
      securitySchemes: {
        collectorKey: {
          type: "http",
          scheme: "bearer",
          description: "Collector key cs_<env>_<32 characters>, issued once at registration.",
        },
        collectorId: {
          type: "apiKey",
          in: "header",
          name: "X-Collector-ID",
          description: "The collector's UUID.",
        },
        adminToken: {
          type: "http",
          scheme: "bearer",
          description: "CATSYPHON_ADMIN_TOKEN, or a workspace API token with the admin scope.",
        },
      },
    },
    paths: {
      "/collectors": {
        post: {
          summary: "Register a collector",
          security: adminAuth,
          requestBody: { required: true, content: json("CollectorRegistrationRequest") },
          responses: {
            "201": {
              description: "Registered; api_key is shown only here",
              content: json("CollectorRegistrationResponse"),
            },
            "400": error("Invalid body; details lists each problem with its path"),
            "401": error("Missing or invalid admin credential"),
            "403": error(
              "The token lacks the admin scope, or workspace_id is not the credential's workspace",
            ),
            "413": error("Body too large"),
            "415": error("Content-Type is not application/json"),
            "503": commonErrors["503"],
          },
        },
      },
      "/collectors/events": {
        post: {
          summary: "Submit one batch of events of one session",
          security: collectorAuth,
          requestBody: { required: true, content: json("EventBatch") },
          responses: {
            "202": { description: "Durably queued", content: json("EventBatchAccepted") },
            "400": error("Invalid body; details lists each problem with its path"),
            ...{ "401": commonErrors["401"] },
            "409": {
              description:
                "Nothing accepted. sequence_gap: resend from expected_sequence. session_conflict (sequenced " +
                "batches only): an event differs from the one the session holds at its sequence, i.e. another " +
                "source sends this session id; resending cannot succeed",
              content: {
                "application/json": {
                  schema: { oneOf: [ref("SequenceGapError"), ref("SessionConflictError")] },
                },
              },
            },
            "413": error("Body or batch too large"),
            "415": error("Content-Type is not application/json"),
            "429": commonErrors["429"],
            "503": commonErrors["503"],
          },
        },
      },
      "/collectors/sessions/{session_id}": {
        get: {
          summary: "Where to resume a session",
          security: collectorAuth,
          parameters: [sessionIdParameter],
          responses: {
            "200": { description: "The session's state", content: json("SessionStatus") },
            "400": error("The session id in the path is not valid"),
            "404": error("No event of this session was ever accepted"),
            ...commonErrors,
          },
        },
      },
      "/collectors/sessions/{session_id}/complete": {
        post: {
          summary: "Mark a session complete",
          security: collectorAuth,
          parameters: [sessionIdParameter],
          requestBody: { required: true, content: json("SessionCompleteRequest") },
          responses: {
            "200": {
              description: "Completion durably queued behind the session's accepted batches",
              content: json("SessionCompleteResponse"),
            },
            "400": error("Invalid body, or the session id in the path is not valid"),
            "404": error("Unknown session"),
            ...commonErrors,
          },
        },
      },
      "/collectors/builtin/credentials": {
        get: {
          summary: "Fresh credentials for the bundled watcher (earlier ones stay valid until long unused)",
          security: adminAuth,
          responses: {
            "200": { description: "New credentials", content: json("BuiltinCredentialsResponse") },
            "401": error("Missing or invalid admin credential"),
            "403": error("The token lacks the admin scope"),
            "503": commonErrors["503"],
          },
        },
      },
      "/health": {
        get: { summary: "Liveness", responses: { "200": { description: "The process serves" } } },
      },
      "/ready": {
        get: {
          summary: "Readiness: Redis and Postgres answer and the process is not draining",
          responses: { "200": { description: "Ready" }, "503": { description: "Not ready" } },
        },
      },
    },
  };
}
