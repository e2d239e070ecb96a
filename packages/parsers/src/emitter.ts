// Gives events their sequence numbers in the order a parser emits them, continuing from a checkpoint.
import { type ParsedEvent } from "./types";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event before it has a sequence number. */
export type UnnumberedEvent = DistributiveOmit<ParsedEvent, "sequence">;

/** An event before it has a time and a sequence number. */
export type UntimedEvent = DistributiveOmit<UnnumberedEvent, "emitted_at">;

export class EventEmitter {
  readonly events: ParsedEvent[] = [];

  constructor(private nextSequence: number) {}

  emit(event: UnnumberedEvent): void {
    this.emitAt(event, event.emitted_at);
  }

  /**
   * Emits `event` at time `at`. Every event is built by this one literal, so all have the same shape (the code
   * that reads them stays monomorphic) and none is copied by a spread on its way out.
   */
  emitAt(event: UntimedEvent, at: string): void {
    this.events.push({
      sequence: this.nextSequence,
      type: event.type,
      emitted_at: at,
      data: event.data,
    } as ParsedEvent);
    this.nextSequence += 1;
  }

  /** The sequence the next event will get (store it in the checkpoint). */
  get next(): number {
    return this.nextSequence;
  }
}
