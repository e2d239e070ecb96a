// The collector client: owns the credentials, the HTTP transport and the open session writers, and flushes
// their buffers on a timer, when a full batch is waiting, and on close.
import {
  type CollectorCredentials,
  type SessionCompleteResponse,
  type SessionOutcome,
  type SessionStatus,
  apiKeySchema,
  collectorIdSchema,
  collectorRegistrationRequestSchema,
  builtinCredentialsResponseSchema,
  collectorRegistrationResponseSchema,
  eventBatchAcceptedSchema,
  MAX_EVENTS_PER_BATCH,
  sequenceSchema,
  sessionCompleteRequestSchema,
  sessionCompleteResponseSchema,
  sessionIdSchema,
  sessionStatusSchema,
  zodIssuesToDetails,
} from "@catsyphon/protocol";
import { z } from "zod";

import { type BatchLimits } from "./batching";
import { CatSyphonApiError, CatSyphonError, CatSyphonValidationError } from "./errors";
import { type SdkLogger } from "./logger";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";
import {
  type SequenceResetHandler,
  type SessionHost,
  type SessionOptions,
  SessionWriter,
} from "./session-writer";
import {
  DEFAULT_TIMEOUT_MS,
  type FetchFunction,
  type RetryInfo,
  type TransportOptions,
  sendRequest,
} from "./transport";
import { SDK_VERSION } from "./version";

export interface BatchOptions {
  /** Events per request; at most 1000 (the protocol's cap). Default 500. */
  maxEvents: number;
  /** Bytes per request body; keep it under the server's MAX_BODY_BYTES (5 MiB by default). Default 4 MiB. */
  maxBytes: number;
  /** Buffered events are sent at the latest this long after they were written; 0 turns the timer off. Default 1000. */
  flushIntervalMs: number;
}

export const DEFAULT_BATCH_OPTIONS: Readonly<BatchOptions> = {
  maxEvents: 500,
  maxBytes: 4 * 1024 * 1024,
  flushIntervalMs: 1000,
};

/** Options every call to the server accepts. */
export interface ConnectionOptions {
  /** Base URL of the ingest API, e.g. `http://localhost:8000`. */
  serverUrl: string;
  /** Defaults to the global fetch. */
  fetch?: FetchFunction;
  /** Sent as User-Agent; defaults to `catsyphon-sdk/<version>` outside browsers (browsers set their own). */
  userAgent?: string;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Called before each retry with the chosen delay. */
  onRetry?: (info: RetryInfo) => void;
}

export interface CatSyphonClientOptions extends ConnectionOptions {
  /** `cs_<env>_<32 chars>`, from registration. */
  apiKey: string;
  /** The collector's uuid, from registration. */
  collectorId: string;
  batch?: Partial<BatchOptions>;
  /**
   * Errors of background flushes (timer or full batch), which have no caller to reject. The events stay
   * buffered and are retried later. Defaults to logger.error, else console.error.
   */
  onError?: (error: unknown, context: { sessionId: string }) => void;
  /** Default sequence-gap handler of every session (see SessionOptions.onSequenceReset). */
  onSequenceReset?: SequenceResetHandler;
  logger?: SdkLogger;
}

export interface RegisterCollectorOptions extends ConnectionOptions {
  /** An admin credential of the workspace (CATSYPHON_ADMIN_TOKEN for the default one). */
  adminToken: string;
  collector_type: string;
  collector_version: string;
  hostname: string;
  metadata?: Record<string, unknown>;
}

export interface CompleteSessionOptions {
  outcome: SessionOutcome;
  summary?: string;
}

const connectionShape = {
  serverUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
  userAgent: z.string().min(1).optional(),
  timeoutMs: z.int().min(1).optional(),
  retry: z
    .object({
      maxAttempts: z.int().min(1).max(100).optional(),
      baseDelayMs: z.int().min(0).optional(),
      maxDelayMs: z.int().min(0).optional(),
    })
    .optional(),
};

const clientOptionsSchema = z.object({
  ...connectionShape,
  apiKey: apiKeySchema,
  collectorId: collectorIdSchema,
  batch: z
    .object({
      maxEvents: z.int().min(1).max(MAX_EVENTS_PER_BATCH).optional(),
      maxBytes: z.int().min(1024).optional(),
      flushIntervalMs: z.int().min(0).optional(),
    })
    .optional(),
});

const registerOptionsSchema = z.object({ ...connectionShape, adminToken: z.string().min(1) });

function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CatSyphonValidationError(what, zodIssuesToDetails(parsed.error));
  return parsed.data;
}

function isBrowser(): boolean {
  return typeof (globalThis as { document?: unknown }).document !== "undefined";
}

function transportFor(options: ConnectionOptions): TransportOptions {
  const userAgent = options.userAgent ?? (isBrowser() ? undefined : `catsyphon-sdk/${SDK_VERSION}`);
  return {
    // The global is looked up per call, so a fetch installed (or wrapped) later is used.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    retry: { ...DEFAULT_RETRY_POLICY, ...definedOnly(options.retry ?? {}) },
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    userAgent,
    onRetry: options.onRetry,
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function baseUrl(serverUrl: string): string {
  return serverUrl.replace(/\/+$/, "");
}

/**
 * Registers a collector with an admin credential and returns its credentials (the api_key is shown only
 * once: store it). Not idempotent: a retry after a lost answer may register a second collector.
 */
export async function registerCollector(options: RegisterCollectorOptions): Promise<CollectorCredentials> {
  validate(registerOptionsSchema, options, "registration options");
  const body = validate(
    collectorRegistrationRequestSchema,
    {
      collector_type: options.collector_type,
      collector_version: options.collector_version,
      hostname: options.hostname,
      ...(options.metadata !== undefined ? { metadata: options.metadata } : {}),
    },
    "collector registration",
  );
  return sendRequest(transportFor(options), {
    method: "POST",
    url: `${baseUrl(options.serverUrl)}/collectors`,
    headers: { Authorization: `Bearer ${options.adminToken}` },
    body: JSON.stringify(body),
    schema: collectorRegistrationResponseSchema,
  });
}

export interface BuiltinCredentialsOptions extends ConnectionOptions {
  /** An admin credential of the workspace (CATSYPHON_ADMIN_TOKEN for the default one). */
  adminToken: string;
}

/**
 * Fetches credentials for the workspace's bundled watcher. Each call creates a built-in collector with a fresh
 * key; keys fetched earlier stay valid (the server revokes built-in keys only once long unused, or the least
 * recently used beyond a cap), so store the result and call this only when there is none.
 */
export async function fetchBuiltinCredentials(
  options: BuiltinCredentialsOptions,
): Promise<CollectorCredentials> {
  validate(registerOptionsSchema, options, "built-in credentials options");
  return sendRequest(transportFor(options), {
    method: "GET",
    url: `${baseUrl(options.serverUrl)}/collectors/builtin/credentials`,
    headers: { Authorization: `Bearer ${options.adminToken}` },
    schema: builtinCredentialsResponseSchema,
  });
}

export class CatSyphonClient {
  /** Same as the standalone `registerCollector`. */
  static readonly registerCollector = registerCollector;

  private readonly baseUrl: string;
  private readonly transport: TransportOptions;
  private readonly authHeaders: Record<string, string>;
  private readonly limits: BatchLimits;
  private readonly flushIntervalMs: number;
  private readonly onError: ((error: unknown, context: { sessionId: string }) => void) | undefined;
  private readonly logger: SdkLogger | undefined;
  private readonly host: SessionHost;
  private readonly writers = new Map<string, SessionWriter>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private backgroundFailures = 0;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(options: CatSyphonClientOptions) {
    validate(clientOptionsSchema, options, "client options");
    this.baseUrl = baseUrl(options.serverUrl);
    this.transport = transportFor(options);
    this.authHeaders = { Authorization: `Bearer ${options.apiKey}`, "X-Collector-ID": options.collectorId };
    const batch = { ...DEFAULT_BATCH_OPTIONS, ...definedOnly(options.batch ?? {}) };
    this.limits = { maxEvents: batch.maxEvents, maxBytes: batch.maxBytes };
    this.flushIntervalMs = batch.flushIntervalMs;
    this.onError = options.onError;
    this.logger = options.logger;
    this.host = {
      limits: this.limits,
      logger: this.logger,
      onSequenceReset: options.onSequenceReset,
      postBatch: (_sessionId, body) =>
        sendRequest(this.transport, {
          method: "POST",
          url: `${this.baseUrl}/collectors/events`,
          headers: this.authHeaders,
          body,
          schema: eventBatchAcceptedSchema,
        }),
      fetchSession: (sessionId) => this.getSession(sessionId),
      assertOpen: () => this.assertOpen(),
      eventBuffered: (writer) => this.eventBuffered(writer),
      writerClosed: (writer) => {
        if (this.writers.get(writer.sessionId) === writer) this.writers.delete(writer.sessionId);
      },
    };
  }

  /**
   * The writer of a session (the same one while it is open). `startSequence` is the sequence of its first
   * event (default 1); pass it only when opening the writer.
   */
  session(sessionId: string, options: SessionOptions = {}): SessionWriter {
    this.assertOpen();
    validate(sessionIdSchema, sessionId, "session id");
    if (options.startSequence !== undefined) validate(sequenceSchema, options.startSequence, "startSequence");
    const existing = this.writers.get(sessionId);
    if (existing) {
      if (options.startSequence !== undefined || options.onSequenceReset !== undefined) {
        throw new CatSyphonError(
          `session ${sessionId} is already open; options apply only when it is opened`,
        );
      }
      return existing;
    }
    const writer = new SessionWriter(this.host, sessionId, options);
    this.writers.set(sessionId, writer);
    return writer;
  }

  /** Opens a writer that continues where the server is (its last sequence + 1; 1 for an unknown session). */
  async resumeSession(
    sessionId: string,
    options: Omit<SessionOptions, "startSequence"> = {},
  ): Promise<SessionWriter> {
    const status = await this.getSession(sessionId);
    return this.session(sessionId, { ...options, startSequence: (status?.last_sequence ?? 0) + 1 });
  }

  /** The server's view of a session (where to resume); null when it has received nothing of it. */
  async getSession(sessionId: string): Promise<SessionStatus | null> {
    validate(sessionIdSchema, sessionId, "session id");
    try {
      return await sendRequest(this.transport, {
        method: "GET",
        url: `${this.baseUrl}/collectors/sessions/${encodeURIComponent(sessionId)}`,
        headers: this.authHeaders,
        schema: sessionStatusSchema,
      });
    } catch (error) {
      if (error instanceof CatSyphonApiError && error.status === 404) return null;
      throw error;
    }
  }

  /**
   * Marks a session complete. Flushes its open writer first, so the completion follows its events. Sending
   * a session_end event (writer.end) does the same in-band; this is for collectors that learn the outcome later.
   */
  async completeSession(
    sessionId: string,
    options: CompleteSessionOptions,
  ): Promise<SessionCompleteResponse> {
    validate(sessionIdSchema, sessionId, "session id");
    const body = validate(sessionCompleteRequestSchema, options, "session completion");
    await this.writers.get(sessionId)?.flush();
    return sendRequest(this.transport, {
      method: "POST",
      url: `${this.baseUrl}/collectors/sessions/${encodeURIComponent(sessionId)}/complete`,
      headers: this.authHeaders,
      body: JSON.stringify(body),
      schema: sessionCompleteResponseSchema,
    });
  }

  /** Sends everything buffered in every session; rejects with the first failure (AggregateError for several). */
  async flush(): Promise<void> {
    await settleAll([...this.writers.values()].map((writer) => writer.flush()));
  }

  /** Flushes everything and stops the timer; later writes throw. Idempotent: every call gets the same promise. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      this.clearTimer();
      const writers = [...this.writers.values()];
      try {
        await settleAll(writers.map((writer) => writer.flush()));
      } finally {
        this.writers.clear();
      }
    })();
    return this.closing;
  }

  private assertOpen(): void {
    if (this.closed) throw new CatSyphonError("the CatSyphon client is closed");
  }

  private eventBuffered(writer: SessionWriter): void {
    if (writer.unflushedCount >= this.limits.maxEvents || writer.unflushedBytes >= this.limits.maxBytes) {
      // A full batch is waiting: send it now rather than at the next tick.
      this.flushInBackground([writer]);
    } else {
      this.scheduleTimer(this.flushIntervalMs, true);
    }
  }

  private scheduleTimer(delayMs: number, keepAlive: boolean): void {
    if (this.timer !== undefined || this.closed || this.flushIntervalMs === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushInBackground([...this.writers.values()].filter((writer) => writer.pending > 0));
    }, delayMs);
    // Retries after failures must not keep a Node process alive on their own (a script that forgot close()
    // while the server is down would hang); browsers have no unref.
    if (!keepAlive) (this.timer as { unref?: () => void }).unref?.();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flushInBackground(writers: SessionWriter[]): void {
    for (const writer of writers) {
      writer.flush().then(
        () => {
          this.backgroundFailures = 0;
        },
        (error: unknown) => {
          this.report(error, writer.sessionId);
          this.backgroundFailures++;
          // The events are still buffered: try again later, backing off while failures continue.
          const delay = Math.min(
            Math.max(this.flushIntervalMs, 1000) * 2 ** Math.min(this.backgroundFailures, 16),
            Math.max(this.transport.retry.maxDelayMs, this.flushIntervalMs),
          );
          this.scheduleTimer(delay, false);
        },
      );
    }
  }

  private report(error: unknown, sessionId: string): void {
    try {
      if (this.onError) this.onError(error, { sessionId });
      else if (this.logger?.error) this.logger.error({ err: error, sessionId }, "background flush failed");
      else console.error(`[catsyphon] background flush of session ${sessionId} failed:`, error);
    } catch {
      // An error handler that throws must not become an unhandled rejection.
    }
  }
}

async function settleAll(work: Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(work);
  const errors = results.flatMap((result) =>
    result.status === "rejected" ? [result.reason as unknown] : [],
  );
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} sessions failed to flush`);
}
