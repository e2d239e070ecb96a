// Gives events their sequence numbers in the order a parser emits them, continuing from a checkpoint.
import { type ParsedEvent } from "./types";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event before it has a sequence number. */
export type UnnumberedEvent = DistributiveOmit<ParsedEvent, "sequence">;

export class EventEmitter {
  readonly events: ParsedEvent[] = [];

  constructor(private nextSequence: number) {}

  emit(event: UnnumberedEvent): void {
    this.events.push({ ...event, sequence: this.nextSequence } as ParsedEvent);
    this.nextSequence += 1;
  }

  /** The sequence the next event will get (store it in the checkpoint). */
  get next(): number {
    return this.nextSequence;
  }
}
