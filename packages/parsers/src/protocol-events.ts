// Turning parsed events into wire events: the collector adds its observation time when it sends them.
import { type ProtocolEvent, protocolEventSchema } from "@catsyphon/protocol";

import { type ParsedEvent } from "./types";

/** The wire event of a parsed one, observed at `observedAt` (ISO date-time). Throws when it breaks the protocol. */
export function toProtocolEvent(event: ParsedEvent, observedAt: string): ProtocolEvent {
  return protocolEventSchema.parse({ ...event, observed_at: observedAt });
}
