import { describe, expect, it } from 'vitest';
import { bestStatus, classifyFailure, extractEnhancedStatus, normalizeStatus } from './classify.js';
import { BOUNCE_REASONS, isHardReason, reasonFromCode } from './reasons.js';

describe('classifyFailure: reason first, hard/soft from the reason', () => {
  it.each([
    ['5.1.1', null, 'user_unknown', 'hard', false],
    ['5.1.2', null, 'host_unknown', 'hard', false],
    ['5.1.6', null, 'mailbox_moved', 'hard', false],
    ['5.1.10', null, 'not_accept', 'hard', false],
    ['5.2.2', 'Mailbox full', 'mailbox_full', 'soft', false],
    ['5.2.1', 'The email account that you tried to reach is disabled', 'suspended', 'soft', false],
    ['5.2.3', null, 'message_too_big', 'soft', false],
    ['5.3.4', 'message too big', 'message_too_big', 'soft', false],
    ['4.2.2', null, 'mailbox_full', 'soft', false],
    ['5.4.7', null, 'expired', 'soft', false],
    ['5.7.1', 'Service unavailable; client host blocked using Spamhaus', 'blocked', 'soft', true],
    ['5.7.1', 'Message content rejected, UBE', 'spam_detected', 'soft', true],
    ['5.7.1', 'Relay access denied', 'relaying_denied', 'soft', true],
    ['5.7.515', 'Access denied, sending domain does not meet the required authentication level', 'auth_failure', 'soft', true],
    ['5.7.26', 'Unauthenticated email from example.com is not accepted due to DMARC policy', 'auth_failure', 'soft', true],
    ['5.7.1', 'Recipient address rejected: user unknown', 'user_unknown', 'hard', false],
    ['5.1.8', 'Sender address rejected', 'sender_rejected', 'soft', true],
    ['5.0.0', 'Mailbox quota exceeded', 'mailbox_full', 'soft', false],
    ['5.0.0', 'something odd happened', 'undefined', 'soft', false],
    ['5.5.0', 'Virus Detected; Content Rejected', 'virus', 'soft', true],
    ['4.7.0', 'Messages temporarily deferred due to user complaints (rate limit)', 'rate_limited', 'soft', true],
  ] as const)('%s %s → %s (%s)', (status, diag, reason, cls, policy) => {
    expect(classifyFailure(status, diag)).toEqual({ reason, class: cls, policyBlock: policy });
  });

  it('never makes a mailbox-full, spam or policy 5xx hard: only the four address reasons are hard', () => {
    expect(BOUNCE_REASONS.filter(isHardReason)).toEqual(['user_unknown', 'host_unknown', 'mailbox_moved', 'not_accept']);
    expect(classifyFailure('5.2.2', '550 5.2.2 rejected').class).toBe('soft');
    expect(classifyFailure('5.7.1', '550 5.7.1 Message rejected as spam').class).toBe('soft');
    expect(classifyFailure('5.7.1', '550 5.7.1 rejected by policy').class).toBe('soft');
  });

  it('lets a specific diagnostic override a generic or misleading code', () => {
    // GoDaddy answers 5.1.1 for a sending-rate block: the words, not the digits, say what happened.
    expect(classifyFailure('5.1.1', '550 5.1.1 <a@b.example> - 203.0.113.2 has sent to too many recipients').reason).toBe('rate_limited');
    // …but an authentication code is not turned into a dead domain by "does not accept messages".
    expect(classifyFailure('5.7.25', 'As a policy, Gmail does not accept messages from IPs with missing PTR records').reason).toBe('auth_failure');
  });

  it('treats a DSN Action: expired as a final soft failure', () => {
    expect(classifyFailure('5.0.0', null, { action: 'expired' })).toEqual({ reason: 'expired', class: 'soft', policyBlock: false });
  });

  it('without any code falls back to words, defaulting to soft', () => {
    expect(classifyFailure(null, 'no such user here')).toMatchObject({ class: 'hard', reason: 'user_unknown' });
    expect(classifyFailure(null, 'the moon is in the wrong phase')).toEqual({ class: 'soft', policyBlock: false, reason: 'undefined' });
    expect(classifyFailure(null, '550 Requested action not taken: mailbox unavailable').class).toBe('hard');
    expect(classifyFailure(null, '452 Too many recipients received this hour').reason).toBe('rate_limited');
  });

  it('maps registry codes to reasons', () => {
    expect(reasonFromCode('5.7.606')).toBe('blocked');
    expect(reasonFromCode('4.4.1')).toBe('network_error');
    expect(reasonFromCode('5.4.4')).toBe('host_unknown');
    expect(reasonFromCode('4.4.4')).toBe('network_error');
    expect(reasonFromCode('2.0.0')).toBeNull();
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
