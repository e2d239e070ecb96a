// @catsyphon/sdk: send AI coding agent sessions to a CatSyphon ingest API (Node 24 and browsers).
export {
  type BatchOptions,
  type CatSyphonClientOptions,
  type CompleteSessionOptions,
  type ConnectionOptions,
  type RegisterCollectorOptions,
  CatSyphonClient,
  DEFAULT_BATCH_OPTIONS,
  registerCollector,
  fetchBuiltinCredentials,
  type BuiltinCredentialsOptions,
} from "./client";
export {
  CatSyphonApiError,
  CatSyphonError,
  CatSyphonNetworkError,
  CatSyphonResponseError,
  CatSyphonSequenceGapError,
  CatSyphonSessionConflictError,
  CatSyphonValidationError,
} from "./errors";
export { type SdkLogger } from "./logger";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";
export {
  type ErrorInput,
  type EventDataInput,
  type EventOptions,
  type MessageInput,
  type MetadataInput,
  type SequenceResetAction,
  type SequenceResetHandler,
  type SequenceResetInfo,
  type SessionEndInput,
  type SessionOptions,
  type SessionStartInput,
  type ThinkingInput,
  type ToolCallInput,
  type ToolResultInput,
  SessionWriter,
} from "./session-writer";
export { type FetchFunction, type RetryInfo } from "./transport";
export { SDK_VERSION } from "./version";

// Wire types a caller needs, from the one source of them.
export {
  type AuthorRole,
  type ChangeType,
  type CollectorCredentials,
  type CompactionEvent,
  type ErrorCode,
  type EventBatchAccepted,
  type EventType,
  type FileTouched,
  type IssueDetail,
  type MessageType,
  type ProtocolEventInput,
  type SessionCompleteResponse,
  type SessionOutcome,
  type SessionPlan,
  type SessionStatus,
  type SessionSummary,
  type TokenUsage,
} from "@catsyphon/protocol";
