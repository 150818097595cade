/**
 * The number's shared send schedule: grants never overlap (each starts where the previous one ended, whoever asked),
 * never start further ahead than the look-ahead, run at PACE of the limit, slow down after a throttle, and the
 * per-process pacer hands out what it reserved and lets waiters go on close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../test/db.js';
import { LOOKAHEAD_MS, SLICE_MS, ThroughputPacer, WA_PACE, reserveSlots, throttleNumber } from './throughput.js';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db?.close();
});

describe('WhatsApp send schedule', () => {
  it('hands out contiguous, non-overlapping slices at the paced interval, never beyond the look-ahead', async () => {
    const mps = 1000;
    let end = -Infinity;
    let total = 0;
    let refused = false;
    for (let i = 0; i < 40 && !refused; i++) {
      const g = await reserveSlots(db.db, 7, mps, 10_000);
      expect(g.intervalMs).toBeCloseTo(1000 / (mps * WA_PACE), 6);
      if (!g.granted) {
        refused = true;
        expect(g.waitMs).toBeGreaterThanOrEqual(0);
        break;
      }
      expect(g.granted).toBeLessThanOrEqual(Math.floor((mps * WA_PACE * SLICE_MS) / 1000));
      expect(g.startInMs).toBeLessThanOrEqual(LOOKAHEAD_MS + 1e-6);
      const start = g.dbNowMs + g.startInMs;
      // Starts where the previous slice ended (or later, when the schedule was idle): never overlaps it.
      expect(start).toBeGreaterThanOrEqual(end - 1e-3);
      end = start + g.granted * g.intervalMs;
      total += g.granted;
    }
    expect(total).toBeGreaterThan(0);
  });

  it('another number has its own schedule', async () => {
    const g = await reserveSlots(db.db, 8, 50, 5);
    expect(g.granted).toBe(2); // 60 ms of 48.75/s
    expect(g.startInMs).toBeCloseTo(0, 6);
  });

  it('a throttle halves the pace for every process', async () => {
    await reserveSlots(db.db, 9, 100, 1);
    await throttleNumber(db.db, 9, 100);
    const g = await reserveSlots(db.db, 9, 100, 1);
    expect(g.intervalMs).toBeCloseTo((2 * 1000) / (100 * WA_PACE), 6);
  });

  it('the pacer grants tokens out of its reservations and releases waiters with 0 on close', async () => {
    const pacer = new ThroughputPacer(db.db, 10, () => 200);
    let got = 0;
    while (got < 30) got += await pacer.take(30 - got);
    expect(got).toBe(30);
    const waiting = pacer.take(1_000_000);
    pacer.close();
    expect(await waiting).toBeGreaterThanOrEqual(0);
    expect(await pacer.take(1)).toBe(0);
  });
});
