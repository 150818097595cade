/**
 * Acceptance statistics for `GET /_sim/stats`: totals, rejections by code, per-second counts and
 * the largest number of messages accepted in any 1-second window (sliding, measured on the
 * simulator clock) — what a throughput benchmark checks against the configured limit.
 */

/** Sliding maximum of events in any 1-second window. */
class SlidingMax {
  private times: number[] = [];
  private head = 0;
  max = 0;

  add(now: number): void {
    this.times.push(now);
    while (this.times[this.head] <= now - 1000) this.head++;
    const n = this.times.length - this.head;
    if (n > this.max) this.max = n;
    if (this.head > 4096 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}

export class SimStats {
  accepted = 0;
  rejectedByCode: Record<string, number> = {};
  asyncFailuresByCode: Record<string, number> = {};
  inbound = 0;
  private perSecond = new Map<number, number>();
  private overall = new SlidingMax();
  private perNumber = new Map<string, SlidingMax>();
  private acceptedPerNumber = new Map<string, number>();

  /** Records one accepted message for `phoneNumberId` at sim time `now`. */
  accept(phoneNumberId: string, now: number): void {
    this.accepted++;
    this.overall.add(now);
    let m = this.perNumber.get(phoneNumberId);
    if (!m) this.perNumber.set(phoneNumberId, (m = new SlidingMax()));
    m.add(now);
    this.acceptedPerNumber.set(phoneNumberId, (this.acceptedPerNumber.get(phoneNumberId) ?? 0) + 1);
    const sec = Math.floor(now / 1000);
    this.perSecond.set(sec, (this.perSecond.get(sec) ?? 0) + 1);
    if (this.perSecond.size > 3600) this.perSecond.delete(this.perSecond.keys().next().value!);
  }

  /** Records a synchronous refusal with `code`. */
  reject(code: number): void {
    this.rejectedByCode[code] = (this.rejectedByCode[code] ?? 0) + 1;
  }

  /** Records an accepted message that will fail asynchronously with `code`. */
  asyncFailure(code: number): void {
    this.asyncFailuresByCode[code] = (this.asyncFailuresByCode[code] ?? 0) + 1;
  }

  /** JSON snapshot. */
  snapshot(): Record<string, unknown> {
    const perSecond: Record<string, number> = {};
    for (const [s, n] of this.perSecond) perSecond[String(s)] = n;
    const perNumber: Record<string, { accepted: number; max1sCount: number }> = {};
    for (const [id, m] of this.perNumber) perNumber[id] = { accepted: this.acceptedPerNumber.get(id) ?? 0, max1sCount: m.max };
    const rejected = Object.values(this.rejectedByCode).reduce((a, b) => a + b, 0);
    return {
      accepted: this.accepted,
      rejected,
      rejectedByCode: this.rejectedByCode,
      asyncFailuresByCode: this.asyncFailuresByCode,
      inbound: this.inbound,
      max1sCount: this.overall.max,
      perNumber,
      perSecond,
    };
  }
}
