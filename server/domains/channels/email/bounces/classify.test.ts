import { describe, expect, it } from 'vitest';
import { bestStatus, classifyFailure, extractEnhancedStatus, normalizeStatus } from './classify.js';

describe('classifyFailure', () => {
  it.each([
    ['5.1.1', null, 'hard', false],
    ['5.1.2', null, 'hard', false],
    ['5.1.10', null, 'hard', false],
    ['5.2.2', 'Mailbox full', 'soft', false],
    ['5.2.3', null, 'soft', false],
    ['5.3.4', 'message too big', 'soft', false],
    ['4.2.2', null, 'soft', false],
    ['4.7.1', 'greylisted', 'soft', false],
    ['5.7.1', 'Service unavailable; client host blocked using Spamhaus', 'soft', true],
    ['5.7.515', 'Access denied, sending domain does not meet the required authentication level', 'soft', true],
    ['5.7.1', 'Recipient address rejected: user unknown', 'hard', false],
    ['5.0.0', 'Mailbox quota exceeded', 'soft', false],
    ['5.0.0', 'something odd happened', 'hard', false],
  ] as const)('%s %s → %s', (status, diag, cls, policy) => {
    expect(classifyFailure(status, diag)).toEqual({ class: cls, policyBlock: policy });
  });

  it('without any code falls back to words, defaulting to soft', () => {
    expect(classifyFailure(null, 'no such user here')).toEqual({ class: 'hard', policyBlock: false });
    expect(classifyFailure(null, 'the moon is in the wrong phase')).toEqual({ class: 'soft', policyBlock: false });
    expect(classifyFailure(null, '550 Requested action not taken: mailbox unavailable').class).toBe('hard');
    expect(classifyFailure(null, '452 Too many recipients received this hour').class).toBe('soft');
  });
});

describe('status helpers', () => {
  it('extracts enhanced codes but not IP addresses', () => {
    expect(extractEnhancedStatus('550-5.1.1 The email account')).toBe('5.1.1');
    expect(extractEnhancedStatus('(#5.1.1)')).toBe('5.1.1');
    expect(extractEnhancedStatus('connect to 192.0.2.10 refused')).toBeNull();
    expect(extractEnhancedStatus('host 5.4.3.2 said no')).toBeNull();
  });
  it('normalises and prefers the specific code over a generic one', () => {
    expect(normalizeStatus('5.1.1 (bad destination mailbox)')).toBe('5.1.1');
    expect(normalizeStatus('bogus')).toBeNull();
    expect(bestStatus('5.0.0', '550 5.1.10 RESOLVER.ADR.RecipientNotFound')).toBe('5.1.10');
    expect(bestStatus('5.2.2', '550 5.1.1 no')).toBe('5.2.2');
  });
});
