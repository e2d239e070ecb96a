// Coalesces the batches this process holds into one write per conversation. The worker takes many batches from
// the queue at once; batches of a conversation that arrive while it is being written wait, and the next write
// takes all of them together. So a busy session costs one transaction per write instead of one per batch, and
// its backlog drains in a few writes instead of growing. At most `writers` writes (transactions) run at once,
// each for a different conversation, taken in the order their batches arrived.

export interface WriteQueueOptions<T> {
  /** Conversations written at once (transactions in flight). */
  writers: number;
  /** Upper bound of events in one write; a batch larger than this is still written, alone. */
  maxEventsPerWrite: number;
  conversationOf(item: T): string;
  eventsOf(item: T): number;
  /** Writes items of one conversation; one outcome per item, in order. Rejecting fails all of them. */
  write(items: T[]): Promise<PromiseSettledResult<unknown>[]>;
}

interface Waiting<T> {
  item: T;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export class ConversationWriteQueue<T> {
  private readonly waiting = new Map<string, Waiting<T>[]>();
  /** Conversations with waiting items and no write running, oldest first. */
  private readonly ready: string[] = [];
  private readonly writing = new Set<string>();

  constructor(private readonly options: WriteQueueOptions<T>) {
    if (options.writers < 1) throw new Error("writers must be at least 1");
  }

  /** Resolves with the item's result once the write holding it has committed. */
  submit(item: T): Promise<unknown> {
    const conversation = this.options.conversationOf(item);
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(conversation);
      if (list) list.push({ item, resolve, reject });
      else this.waiting.set(conversation, [{ item, resolve, reject }]);
      if (!this.writing.has(conversation) && !this.ready.includes(conversation))
        this.ready.push(conversation);
      this.pump();
    });
  }

  /** Items waiting or being written. */
  get size(): number {
    let size = 0;
    for (const list of this.waiting.values()) size += list.length;
    return size;
  }

  private pump(): void {
    while (this.writing.size < this.options.writers) {
      const conversation = this.ready.shift();
      if (conversation === undefined) return;
      const taken = this.take(conversation);
      if (taken.length === 0) continue;
      this.writing.add(conversation);
      void this.run(conversation, taken);
    }
  }

  private take(conversation: string): Waiting<T>[] {
    const list = this.waiting.get(conversation) ?? [];
    let events = 0;
    let count = 0;
    for (const entry of list) {
      const size = this.options.eventsOf(entry.item);
      if (count > 0 && events + size > this.options.maxEventsPerWrite) break;
      events += size;
      count += 1;
    }
    const taken = list.splice(0, count);
    if (list.length === 0) this.waiting.delete(conversation);
    return taken;
  }

  private async run(conversation: string, taken: Waiting<T>[]): Promise<void> {
    try {
      const outcomes = await this.options.write(taken.map((entry) => entry.item));
      taken.forEach((entry, index) => {
        const outcome = outcomes[index];
        if (outcome?.status === "fulfilled") entry.resolve(outcome.value);
        else
          entry.reject(outcome ? outcome.reason : new Error("the write returned no outcome for this item"));
      });
    } catch (error) {
      for (const entry of taken) entry.reject(error);
    } finally {
      this.writing.delete(conversation);
      if (this.waiting.has(conversation)) this.ready.push(conversation);
      this.pump();
    }
  }
}
