// A browser-like EventSource client on fetch's streaming body: parses `id`, `event`, `data`, `retry` and comments
// as the HTML spec's event-stream parser does (lines end in \n, a blank line dispatches), so tests can wait for
// particular events and see heartbeats.
export interface ReceivedEvent {
  id: string | undefined;
  event: string;
  data: Record<string, unknown>;
}

export interface EventStream {
  status: number;
  headers: Headers;
  events: ReceivedEvent[];
  comments: string[];
  retry: number | undefined;
  /** The last id the stream announced (what an EventSource would send as Last-Event-ID). */
  lastEventId(): string | undefined;
  /** Resolves with the first event (from `after` on) that matches, or rejects after timeoutMs. */
  next(match: (event: ReceivedEvent) => boolean, timeoutMs?: number, after?: number): Promise<ReceivedEvent>;
  waitFor(condition: () => boolean, timeoutMs?: number): Promise<void>;
  ended(): boolean;
  close(): void;
  /** The error body of a refused stream (429, 401, ...). */
  errorBody(): Promise<Record<string, unknown>>;
}

export async function openEventStream(
  url: string,
  options: { headers?: Record<string, string>; lastEventId?: string } = {},
): Promise<EventStream> {
  const abort = new AbortController();
  const headers: Record<string, string> = { accept: "text/event-stream", ...options.headers };
  if (options.lastEventId !== undefined) headers["last-event-id"] = options.lastEventId;
  const response = await fetch(url, { headers, signal: abort.signal });
  const events: ReceivedEvent[] = [];
  const comments: string[] = [];
  let retry: number | undefined;
  let lastId: string | undefined;
  let ended = false;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };

  const isStream =
    response.ok && (response.headers.get("content-type") ?? "").startsWith("text/event-stream");
  if (isStream && response.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = "";
      let event = { id: undefined as string | undefined, type: "", data: [] as string[] };
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let newline: number;
          while ((newline = buffer.indexOf("\n")) >= 0) {
            const line = buffer.slice(0, newline);
            buffer = buffer.slice(newline + 1);
            if (line === "") {
              if (event.data.length > 0 || event.type === "resync") {
                if (event.id !== undefined) lastId = event.id;
                events.push({
                  id: event.id,
                  event: event.type || "message",
                  data: JSON.parse(event.data.join("\n") || "{}") as Record<string, unknown>,
                });
              } else if (event.id !== undefined) lastId = event.id;
              event = { id: undefined, type: "", data: [] };
              notify();
              continue;
            }
            if (line.startsWith(":")) {
              comments.push(line.slice(1).trim());
              notify();
              continue;
            }
            const colon = line.indexOf(":");
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "id") event.id = value;
            else if (field === "event") event.type = value;
            else if (field === "data") event.data.push(value);
            else if (field === "retry") retry = Number(value);
          }
        }
      } catch {
        // Aborted by close(), or the server ended the stream.
      }
      ended = true;
      notify();
    })();
  }

  const waitFor = (condition: () => boolean, timeoutMs = 20_000) =>
    new Promise<void>((resolve, reject) => {
      if (condition()) return resolve();
      const listener = () => {
        if (!condition()) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve();
      };
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`timed out; received ${JSON.stringify(events)}`));
      }, timeoutMs);
      listeners.add(listener);
    });

  return {
    status: response.status,
    headers: response.headers,
    events,
    comments,
    get retry() {
      return retry;
    },
    lastEventId: () => lastId,
    async next(match, timeoutMs = 20_000, after = 0) {
      let found: ReceivedEvent | undefined;
      await waitFor(() => {
        found = events.slice(after).find(match);
        return found !== undefined;
      }, timeoutMs);
      return found as ReceivedEvent;
    },
    waitFor,
    ended: () => ended,
    close: () => abort.abort(),
    errorBody: async () => (await response.json()) as Record<string, unknown>,
  };
}
