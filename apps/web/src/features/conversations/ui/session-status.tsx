// A session's state in words and a shape, never colour alone: active, succeeded, failed, or ended without a verdict.
import { type ConversationSummary } from "../schemas";

type Kind = "active" | "success" | "failure" | "unknown";

function statusOf(conversation: Pick<ConversationSummary, "status" | "success" | "outcome">): {
  kind: Kind;
  label: string;
} {
  if (conversation.status === "active") return { kind: "active", label: "Active" };
  if (conversation.success === true) return { kind: "success", label: "Succeeded" };
  // One word where the outcome says it all (a table column stays narrow); the outcome in brackets otherwise.
  const outcome = conversation.outcome;
  if (conversation.success === false) {
    if (outcome === "abandoned") return { kind: "failure", label: "Abandoned" };
    return { kind: "failure", label: outcome && outcome !== "failure" ? `Failed (${outcome})` : "Failed" };
  }
  if (outcome === "partial") return { kind: "unknown", label: "Partial" };
  return { kind: "unknown", label: outcome && outcome !== "unknown" ? `Ended (${outcome})` : "Ended" };
}

const SYMBOL: Record<Kind, string> = { active: "●", success: "✓", failure: "✕", unknown: "–" };

export function SessionStatus({
  conversation,
}: {
  conversation: Pick<ConversationSummary, "status" | "success" | "outcome">;
}) {
  const { kind, label } = statusOf(conversation);
  return (
    <span className={`status status-${kind}`}>
      <span aria-hidden="true">{SYMBOL[kind]}</span> {label}
    </span>
  );
}
