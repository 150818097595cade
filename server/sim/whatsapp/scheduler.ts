/**
 * Runs callbacks at instants of the simulator clock (status progression, template reviews,
 * un-pausing, webhook retries). One real timer serves a binary heap, so thousands of pending
 * events per second cost O(log n) each; advancing the clock fires everything that became due.
 */
import type { SimClock } from './clock.js';

interface Task {
  due: number;
  seq: number;
  fn: () => void;
}

export class SimScheduler {
  private heap: Task[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private armedFor = Infinity;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly clock: SimClock) {
    this.unsubscribe = clock.onChange(() => this.rearm(true));
  }

  /** Runs `fn` when the simulator clock reaches `dueMs` (epoch ms). */
  at(dueMs: number, fn: () => void): void {
    if (this.closed) return;
    this.push({ due: dueMs, seq: this.seq++, fn });
    if (dueMs < this.armedFor) this.rearm(true);
  }

  /** Runs `fn` after `ms` of simulator time. */
  after(ms: number, fn: () => void): void {
    this.at(this.clock.now() + ms, fn);
  }

  /** Number of tasks still waiting. */
  get pending(): number {
    return this.heap.length;
  }

  /** Drops every pending task (used by reset). */
  clear(): void {
    this.heap = [];
    this.rearm(true);
  }

  /** Stops the timer for good. */
  close(): void {
    this.closed = true;
    this.heap = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.unsubscribe();
  }

  private rearm(force: boolean): void {
    if (!force) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.armedFor = Infinity;
    if (this.closed || this.heap.length === 0) return;
    const due = this.heap[0].due;
    const wait = Math.max(0, Math.min(due - this.clock.now(), 2 ** 31 - 1));
    this.armedFor = due;
    this.timer = setTimeout(() => this.runDue(), wait);
    this.timer.unref?.();
  }

  private runDue(): void {
    this.timer = null;
    this.armedFor = Infinity;
    const now = this.clock.now();
    let budget = 20_000; // yield to the event loop on huge backlogs (e.g. after a 24 h jump)
    while (this.heap.length && this.heap[0].due <= now && budget-- > 0) {
      const task = this.pop()!;
      try {
        task.fn();
      } catch {
        // A failing task must not stop the others; tasks report their own errors in state.
      }
    }
    this.rearm(true);
  }

  private push(t: Task): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(h[p], h[i])) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  private pop(): Task | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l], h[m])) m = l;
        if (r < h.length && less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}

function less(a: Task, b: Task): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}
