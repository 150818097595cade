/**
 * A bound on how many expensive operations (password hashes) run at once in this process, with a short
 * queue behind them. When the queue is full, `run` rejects at once with WorkLimitFull instead of letting
 * callers pile up CPU and memory: a flood of sign-ins gets fast refusals, not a stalled server.
 */
export class WorkLimitFull extends Error {
  constructor() {
    super('work limit queue is full');
  }
}

export class WorkLimit {
  #running = 0;
  #queue: Array<() => void> = [];
  constructor(
    private readonly concurrency: number,
    private readonly maxQueued: number,
  ) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#running >= this.concurrency) {
      if (this.#queue.length >= this.maxQueued) throw new WorkLimitFull();
      await new Promise<void>((resolve) => this.#queue.push(resolve));
    } else this.#running++;
    try {
      return await fn();
    } finally {
      const next = this.#queue.shift();
      if (next) next(); // hands the slot over: #running stays the same
      else this.#running--;
    }
  }
}
