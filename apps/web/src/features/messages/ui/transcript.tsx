"use client";
// The session's timeline (decision 0049): a windowed list over GET /conversations/{id}/messages, fetched page by
// page as the visible range reaches a page, so a 10,000-message session keeps a bounded number of DOM nodes.
// Jumps to `#seq-N` (from a search hit or a copied link) ask the API for the page holding N (from_sequence).
// Pages are keyed under ["conversation", id], so a live update of the session refetches the shown pages and the
// total, and new messages of a running session appear at the end.
import { useQueries, useQueryClient } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { apiRequest, errorMessage } from "../../../client/api-client";
import { formatInteger } from "../../../client/format";
import type { ConversationDetail } from "../../conversations/schemas";
import { type MessageItem, type MessageList, messageListSchema } from "../schemas";
import { FindInSession } from "./find-in-session";
import { MessageEntry, type SubAgentLink } from "./message-item";

export const TRANSCRIPT_PAGE_SIZE = 200;
const ESTIMATED_ROW_PX = 120;
const SUB_AGENT_TOOLS = new Set(["Task", "Agent"]);

const pageKey = (id: string, page: number) => ["conversation", id, "messages", page] as const;
const pagePath = (base: string, query: string) => `${base}?page_size=${TRANSCRIPT_PAGE_SIZE}&${query}`;

function sequenceFromHash(): number | undefined {
  const match = /^#seq-(\d+)$/.exec(window.location.hash);
  return match ? Number(match[1]) : undefined;
}

interface Rewind {
  first: number;
  last: number;
}

function rewindsOf(extra: Record<string, unknown>): Rewind[] {
  if (!Array.isArray(extra.rewinds)) return [];
  return extra.rewinds.flatMap((entry: unknown) => {
    if (typeof entry !== "object" || entry === null) return [];
    const { first_sequence: first, last_sequence: last } = entry as Record<string, unknown>;
    return typeof first === "number" && typeof last === "number" ? [{ first, last }] : [];
  });
}

export function Transcript({
  conversation,
  messagesPath = `/api/v1/conversations/${conversation.id}/messages`,
  readOnly = false,
}: {
  conversation: ConversationDetail;
  /** A share link reads the same pages through its token's route. */
  messagesPath?: string;
  /** A shared view: no find (search needs a member) and no links into the dashboard. */
  readOnly?: boolean;
}) {
  const id = conversation.id;
  const queryClient = useQueryClient();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [visiblePages, setVisiblePages] = useState<number[]>([1]);
  const [target, setTarget] = useState<number | undefined>();
  const [jumpError, setJumpError] = useState<string | undefined>();

  const pageNumbers = useMemo(() => [...new Set([1, ...visiblePages])].sort((a, b) => a - b), [visiblePages]);
  const pages = useQueries({
    queries: pageNumbers.map((page) => ({
      queryKey: pageKey(id, page),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        apiRequest(pagePath(messagesPath, `page=${page}`), messageListSchema, { signal }),
      staleTime: 5_000,
    })),
  });
  const byPage = new Map<number, MessageList>();
  pages.forEach((result, index) => {
    const page = pageNumbers[index];
    if (page !== undefined && result.data) byPage.set(page, result.data);
  });
  const total = byPage.get(1)?.total ?? 0;
  const firstError = pages.find((result) => result.error)?.error;

  const itemAt = useCallback(
    (index: number): MessageItem | undefined => {
      const page = Math.floor(index / TRANSCRIPT_PAGE_SIZE) + 1;
      const cached = byPage.get(page) ?? queryClient.getQueryData<MessageList>(pageKey(id, page));
      return cached?.items[index % TRANSCRIPT_PAGE_SIZE];
    },
    // byPage is rebuilt each render from the queries' data.
    [pages, id, queryClient],
  );

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    overscan: 6,
    getItemKey: (index) => itemAt(index)?.id ?? `row-${index}`,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const firstIndex = virtualItems[0]?.index ?? 0;
  const lastIndex = virtualItems.at(-1)?.index ?? 0;

  // The pages the visible rows fall in (and the one of a pending jump).
  useEffect(() => {
    const first = Math.floor(firstIndex / TRANSCRIPT_PAGE_SIZE) + 1;
    const last = Math.floor(lastIndex / TRANSCRIPT_PAGE_SIZE) + 1;
    const wanted: number[] = [];
    for (let page = first; page <= last; page++) wanted.push(page);
    setVisiblePages((current) => (current.join() === wanted.join() ? current : wanted));
  }, [firstIndex, lastIndex]);

  const jumpTo = useCallback(
    async (sequence: number) => {
      setJumpError(undefined);
      try {
        const page = await apiRequest(pagePath(messagesPath, `from_sequence=${sequence}`), messageListSchema);
        queryClient.setQueryData(pageKey(id, page.page), page);
        const offset = page.items.findIndex((item) => item.sequence >= sequence);
        const index = (page.page - 1) * TRANSCRIPT_PAGE_SIZE + Math.max(offset, 0);
        setTarget(page.items[Math.max(offset, 0)]?.sequence);
        setVisiblePages([page.page]);
        // Twice: once to bring the row into the window, once more after it was measured.
        virtualizer.scrollToIndex(index, { align: "start" });
        window.setTimeout(() => virtualizer.scrollToIndex(index, { align: "start" }), 150);
      } catch (error) {
        setJumpError(errorMessage(error));
      }
    },
    [id, messagesPath, queryClient, virtualizer],
  );

  useEffect(() => {
    const onHash = () => {
      const sequence = sequenceFromHash();
      if (sequence !== undefined) void jumpTo(sequence);
    };
    if (total > 0) onHash();
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
    // Only once the first page said how many rows there are.
  }, [total > 0, jumpTo]);

  const rewinds = useMemo(() => rewindsOf(conversation.extra_data), [conversation.extra_data]);
  const isRewound = (sequence: number) => rewinds.some((r) => sequence >= r.first && sequence <= r.last);
  const epochs = new Map(conversation.epochs.map((epoch) => [epoch.epoch_number, epoch]));
  const children = useMemo(
    () =>
      [...conversation.children]
        .filter((child) => child.start_time !== null)
        .sort((a, b) => (a.start_time ?? "").localeCompare(b.start_time ?? "")),
    [conversation.children],
  );
  // A Task/Agent call links the first sub-agent that started at or after it (the collectors do not record which
  // child a call spawned).
  const subAgentFor = (message: MessageItem): SubAgentLink | undefined => {
    if (readOnly) return undefined;
    if (!message.tool_calls.some((call) => call.tool_name !== null && SUB_AGENT_TOOLS.has(call.tool_name))) {
      return undefined;
    }
    const at = Date.parse(message.emitted_at) - 2_000;
    const child = children.find((c) => Date.parse(c.start_time ?? "") >= at);
    return child ? { id: child.id, label: child.slug ?? child.id.slice(0, 8) } : undefined;
  };

  return (
    <section
      aria-labelledby="transcript-heading"
      className="panel transcript-region"
      data-region="transcript"
    >
      <div className="transcript-top">
        <h2 id="transcript-heading">Transcript ({formatInteger(total)} entries)</h2>
        {readOnly ? null : (
          <FindInSession
            conversationId={id}
            onJump={(sequence) => (window.location.hash = `seq-${sequence}`)}
          />
        )}
      </div>
      {firstError ? (
        <div className="error-box" role="alert">
          <strong>Could not load messages.</strong> {errorMessage(firstError)}
        </div>
      ) : null}
      {jumpError ? (
        <div className="error-box" role="alert">
          <strong>Could not jump to that message.</strong> {jumpError}
        </div>
      ) : null}
      {total === 0 && byPage.has(1) ? (
        <p className="muted">No messages stored for this session yet.</p>
      ) : null}
      <div
        ref={scrollRef}
        className="transcript-scroll"
        tabIndex={0}
        role="region"
        aria-label="Transcript messages"
        data-testid="transcript-scroll"
      >
        <ol className="timeline" style={{ height: virtualizer.getTotalSize() }}>
          {virtualItems.map((row) => {
            const message = itemAt(row.index);
            const previous = row.index > 0 ? itemAt(row.index - 1) : undefined;
            const epoch =
              message &&
              previous &&
              message.epoch_number !== null &&
              message.epoch_number !== previous.epoch_number
                ? epochs.get(message.epoch_number)
                : undefined;
            return (
              <li
                key={row.key}
                ref={virtualizer.measureElement}
                data-index={row.index}
                id={message ? `seq-${message.sequence}` : undefined}
                className={`timeline-row${message && message.sequence === target ? " targeted" : ""}`}
                style={{ transform: `translateY(${row.start}px)` }}
              >
                {epoch ? (
                  <p className="epoch-divider" role="separator">
                    Context window {epoch.epoch_number}
                    {epoch.trigger ? ` · compaction (${epoch.trigger})` : " · compaction"}
                    {epoch.pre_tokens !== null ? ` at ${formatInteger(epoch.pre_tokens)} tokens` : ""}
                  </p>
                ) : null}
                {message ? (
                  <MessageEntry
                    message={message}
                    rewound={isRewound(message.sequence)}
                    subAgentFor={subAgentFor}
                  />
                ) : (
                  <p className="message muted">Loading entry {formatInteger(row.index + 1)}…</p>
                )}
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
}
