"use client";
// On the ingestion page: a notice while apps/tagger has paused LLM tagging for this workspace (GET
// /ingestion/tagger), with the reason, the provider's error and when it tries again. Rule tags still run.
import { useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../../client/api-client";
import { formatTime } from "../../../client/format";
import { QUERY_ROOTS } from "../../../client/query-keys";
import { type TaggerStatus, taggerStatusSchema } from "../schemas";

const REASONS: Record<string, string> = {
  auth: "the LLM provider refused the API key",
  quota: "the LLM provider's quota or rate limit was reached",
};

export function TaggerPauseNotice({ initial }: { initial: TaggerStatus }) {
  const status = useQuery({
    queryKey: [QUERY_ROOTS.ingestion, "tagger"],
    queryFn: ({ signal }) => apiRequest("/api/v1/ingestion/tagger", taggerStatusSchema, { signal }),
    initialData: initial,
  });
  const pause = status.data.pause;
  if (!status.data.paused || !pause) return null;
  return (
    <div className="notice notice-warn" role="status" data-testid="tagger-paused">
      <p>
        <strong>⚠ LLM tagging is paused for this workspace</strong> because{" "}
        {REASONS[pause.reason] ?? pause.reason} (since {formatTime(pause.paused_at)}). It tries again at{" "}
        {formatTime(pause.resume_at)}; rule-based tags are still written.
      </p>
      <p className="muted">
        Error: <code>{pause.error}</code>
      </p>
    </div>
  );
}
