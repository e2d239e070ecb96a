"use client";
// Live updates for the whole tab (decision 0046): ONE EventSource on /api/v1/events, opened by the dashboard shell
// and kept across client-side navigation. A conversation event invalidates the queries it can change (coalesced,
// so a backfill's burst of events costs one refetch per query every THROTTLE_MS, not one per event); `resync`, and
// every (re)open of the stream, refetch everything shown, since events may have been missed in between; while the
// stream is down the shown queries are refetched every POLL_MS instead.
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { z } from "zod";
import { CONVERSATION_DEPENDENT_ROOTS, QUERY_ROOTS } from "./query-keys";

const EVENTS_PATH = "/api/v1/events";
const THROTTLE_MS = 300;
const POLL_MS = 15_000;
/** After the server refused the stream (a 429 or 503 closes an EventSource for good), try again this much later. */
const REOPEN_MS = 15_000;

export type LiveState = "connecting" | "live" | "offline";

const LiveStateContext = createContext<LiveState>("connecting");

const conversationEventSchema = z.object({
  conversation_id: z.uuid(),
  parent_conversation_id: z.uuid().nullable(),
});

export function LiveUpdatesProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");

  useEffect(() => {
    if (typeof EventSource === "undefined") {
      setState("offline");
      return;
    }
    let source: EventSource | undefined;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const changedConversations = new Set<string>();
    const roots = new Set<string>();

    const refetchAll = () => void queryClient.invalidateQueries();
    const flush = () => {
      flushTimer = undefined;
      for (const root of roots) void queryClient.invalidateQueries({ queryKey: [root] });
      for (const id of changedConversations) {
        void queryClient.invalidateQueries({ queryKey: [QUERY_ROOTS.conversation, id] });
      }
      roots.clear();
      changedConversations.clear();
    };
    const schedule = () => {
      flushTimer ??= setTimeout(flush, THROTTLE_MS);
    };
    const onConversation = (event: MessageEvent<string>) => {
      const parsed = conversationEventSchema.safeParse(safeJson(event.data));
      if (!parsed.success) return;
      changedConversations.add(parsed.data.conversation_id);
      if (parsed.data.parent_conversation_id) changedConversations.add(parsed.data.parent_conversation_id);
      for (const root of CONVERSATION_DEPENDENT_ROOTS) roots.add(root);
      schedule();
    };
    const onIngestionFailed = () => {
      roots.add(QUERY_ROOTS.ingestion);
      schedule();
    };

    const open = () => {
      if (closed) return;
      const stream = new EventSource(EVENTS_PATH);
      source = stream;
      stream.onopen = () => {
        setState("live");
        refetchAll();
      };
      stream.onerror = () => {
        setState("offline");
        if (stream.readyState === EventSource.CLOSED) reopenTimer = setTimeout(open, REOPEN_MS);
      };
      stream.addEventListener("conversation.created", onConversation);
      stream.addEventListener("conversation.updated", onConversation);
      stream.addEventListener("ingestion.failed", onIngestionFailed);
      stream.addEventListener("resync", refetchAll);
    };
    open();
    return () => {
      closed = true;
      source?.close();
      clearTimeout(reopenTimer);
      clearTimeout(flushTimer);
    };
  }, [queryClient]);

  useEffect(() => {
    if (state !== "offline") return;
    const timer = setInterval(() => void queryClient.invalidateQueries(), POLL_MS);
    return () => clearInterval(timer);
  }, [state, queryClient]);

  return <LiveStateContext.Provider value={state}>{children}</LiveStateContext.Provider>;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const LABELS: Record<LiveState, { symbol: string; text: string; title: string }> = {
  connecting: { symbol: "○", text: "Connecting…", title: "Opening the live update stream" },
  live: { symbol: "●", text: "Live", title: "Changes appear as they are committed" },
  offline: {
    symbol: "◌",
    text: "Offline",
    title: "The live update stream is unavailable: refreshing every 15 seconds",
  },
};

/** A word and a symbol (never colour alone) saying whether what is shown updates live. */
export function LiveIndicator() {
  const state = useContext(LiveStateContext);
  const label = LABELS[state];
  return (
    <span
      className={`live-indicator live-${state}`}
      role="status"
      title={label.title}
      data-live-state={state}
    >
      <span aria-hidden="true">{label.symbol}</span> {label.text}
      {state === "offline" ? <span className="visually-hidden"> (refreshing every 15 seconds)</span> : null}
    </span>
  );
}
