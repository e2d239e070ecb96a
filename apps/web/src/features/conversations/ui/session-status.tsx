// A session's state in words and a shape, never colour alone: active, succeeded, failed, or ended without a verdict.
import { type ConversationSummary } from "../schemas";

type Kind = "active" | "success" | "failure" | "unknown";

function statusOf(conversation: Pick<ConversationSummary, "status" | "success" | "outcome">): {
  kind: Kind;
  label: string;
} {
  if (conversation.status === "active") return { kind: "active", label: "Active" };
  if (conversation.success === true) return { kind: "success", label: "Succeeded" };
  if (conversation.success === false) {
    return { kind: "failure", label: conversation.outcome ? `Failed (${conversation.outcome})` : "Failed" };
  }
  return { kind: "unknown", label: conversation.outcome ? `Ended (${conversation.outcome})` : "Ended" };
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
