/** Signed tokens: round trips, and every tampering (other kind, id, link, key, MAC) verifies as null. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeMessageId, makeVerpToken, signToken, verifyMessageId, verifyToken, verifyVerpToken } from './tokens.js';

const key = randomBytes(32);

describe('tracking tokens', () => {
  it('round-trips open, unsubscribe, view and click tokens and binds the kind and link index', () => {
    const o = signToken(key, 'o', 123456);
    expect(verifyToken(key, 'o', o)).toEqual({ deliveryId: 123456, linkIndex: null });
    expect(verifyToken(key, 'u', o)).toBeNull(); // an open token is not an unsubscribe token
    const c = signToken(key, 'c', 42, 7);
    expect(verifyToken(key, 'c', c)).toEqual({ deliveryId: 42, linkIndex: 7 });
    const [id, , mac] = c.split('.');
    expect(verifyToken(key, 'c', `${id}.8.${mac}`)).toBeNull();
    expect(verifyToken(key, 'c', `${(43).toString(36)}.7.${mac}`)).toBeNull();
    expect(verifyToken(randomBytes(32), 'c', c)).toBeNull();
    for (const ch of 'ABCDEFGH') if (!o.endsWith(ch)) expect(verifyToken(key, 'o', o.slice(0, -1) + ch)).toBeNull();
    for (const junk of ['', '.', 'x.y', 'zz.zz.zz.zz', '-1.abc', 'a'.repeat(200)]) expect(verifyToken(key, 'o', junk)).toBeNull();
    expect(o).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
  });

  it('makes VERP tokens and Message-IDs that name their delivery and campaign and cannot be forged', () => {
    const v = makeVerpToken(key, 9001, 17);
    expect(v).toMatch(/^d9001\.c17\.[A-Za-z0-9_-]{11}$/);
    expect(verifyVerpToken(key, v)).toEqual({ deliveryId: 9001, campaignId: 17 });
    expect(verifyVerpToken(key, v.replace('c17', 'c18'))).toBeNull();
    const m = makeMessageId(key, 9001, 17, 'news.example.com');
    expect(verifyMessageId(key, `<${m}>`)).toEqual({ deliveryId: 9001, campaignId: 17 });
    expect(verifyMessageId(key, m.replace('d9001', 'd9002'))).toBeNull();
    expect(m).not.toBe(makeMessageId(key, 9002, 17, 'news.example.com'));
  });
});
