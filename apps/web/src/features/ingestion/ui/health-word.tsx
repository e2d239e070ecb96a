// A collector's health as a symbol and a word (never colour alone), with what it means on hover.
import { type z } from "zod";
import { type collectorHealthSchema } from "../schemas";

type Health = z.output<typeof collectorHealthSchema>["health"];

const HEALTH: Record<Health, { symbol: string; label: string; meaning: string }> = {
  healthy: { symbol: "✓", label: "Healthy", meaning: "sent something within the last hour" },
  idle: {
    symbol: "–",
    label: "Idle",
    meaning: "nothing in the last hour (nobody running an agent is normal)",
  },
  failing: { symbol: "✕", label: "Failing", meaning: "has parked batches: re-drive them below" },
  revoked: { symbol: "⊘", label: "Revoked", meaning: "its key is revoked; the ingest API refuses it" },
};

export function HealthWord({ health }: { health: Health }) {
  const entry = HEALTH[health];
  return (
    <span className={`status health-${health}`} title={entry.meaning}>
      <span aria-hidden="true">{entry.symbol}</span> {entry.label}
    </span>
  );
}
