/**
 * Reason-first bounce classification (the way Sisimai, ESPs and mailbox providers' postmaster pages do it).
 *
 * Every failure gets a reason first — from the diagnostic text when it says something specific, else from the
 * enhanced status code (RFC 3463 subject.detail, plus the provider-specific 5.7.5xx/6xx codes) — and hard/soft
 * follows from the reason, never from the first digit: only a reason that says the ADDRESS will never work
 * (user unknown, host unknown, mailbox moved, domain does not accept mail) is hard. A 5.x.x for a full mailbox,
 * a spam block or a policy refusal is soft and never suppresses a good address.
 * `senderSide` marks reasons about the sender (reputation, authentication, content, relaying): they are recorded
 * and alerted on but never counted against the recipient. The table is documented in docs/bounces.md.
 */

export const BOUNCE_REASONS = [
  'user_unknown',
  'host_unknown',
  'mailbox_moved',
  'not_accept',
  'mailbox_full',
  'message_too_big',
  'rate_limited',
  'blocked',
  'spam_detected',
  'virus',
  'policy',
  'auth_failure',
  'relaying_denied',
  'sender_rejected',
  'expired',
  'network_error',
  'system_error',
  'suspended',
  'filtered',
  'undefined',
] as const;
export type BounceReason = (typeof BOUNCE_REASONS)[number];

/** Reasons that say the address itself will never work: the only hard ones. */
const HARD = new Set<BounceReason>(['user_unknown', 'host_unknown', 'mailbox_moved', 'not_accept']);
/** Reasons about the sender or the message, not the recipient's address. */
const SENDER_SIDE = new Set<BounceReason>(['rate_limited', 'blocked', 'spam_detected', 'virus', 'policy', 'auth_failure', 'relaying_denied', 'sender_rejected']);

export function isHardReason(r: BounceReason): boolean {
  return HARD.has(r);
}
export function isSenderSideReason(r: BounceReason): boolean {
  return SENDER_SIDE.has(r);
}

/**
 * Diagnostic patterns, checked in this order (the first reason whose pattern matches wins). Ordered from the
 * most specific statement about the address/mailbox to the vaguest policy wording, so "Recipient address
 * rejected: User unknown" is user_unknown, not policy.
 */
export const REASON_PATTERNS: [BounceReason, RegExp][] = [
  ['expired', /(message expired|giving up|aborted after \d|after multiple retries|queue\.expired|delivery time expired|expired in queue|gave up after|retry time(out)? (not reached|exceeded)|cannot send message for \d+ (days?|hours?)|could not (be )?deliver(ed)? for( the last)? \d+ (days?|hours?)|has been in the queue too long|too long in the queue|retry timeout exceeded|unable to deliver in \d+)/i],
  ['mailbox_moved', /(has moved|no longer (on|at) (this )?server|recipient no longer|address (has )?changed|moved permanently|destination address has changed|user has moved)/i],
  ['mailbox_full', /(mailbox (is )?full|mailbox exceeds|mailbox (size )?limit|over ?quota|quota exceeded|exceeded (the )?(storage|quota|mailbox)|out of storage|insufficient (mailbox )?storage|mailbox is over|storage (space )?(limit|exceeded)|user has exceeded|disk quota|full mailbox|inbox is full|mailfolder is full|boite pleine|送信先のメールボックスが一杯|mailbox has exceeded)/i],
  ['message_too_big', /(message (size )?(is )?too (large|big)|message size exceeds|exceeds (the )?(fixed )?maximum (message )?size|size limit|message length exceeds|recipsizelimit|mail size|message too long|exceeded size|too big for (this )?system)/i],
  ['suspended', /(account (has been |is )?(disabled|deactivated|suspended|inactive|closed|locked|blocked|frozen|expired)|mailbox (is )?(disabled|inactive|suspended|frozen|locked|unavailable due to inactivity)|email account that you tried to reach is (disabled|inactive)|inactive (email )?(account|address|user)|user (account )?(is )?(suspended|disabled|inactive)|compte du destinataire est bloque|recipient account is (locked|blocked)|mailbox is frozen|out of storage space and inactive)/i],
  ['host_unknown', /(host or domain name not found|host (is )?unknown|unknown host|domain (not found|does not exist|is not valid)|no such domain|name service error|nxdomain|unrouteable domain|unknown domain|no mx (record|host)|unable to route|invalid domain|domain name not found|host not found|bad destination system|nodename nor servname|couldn'?t find any host)/i],
  ['user_unknown', /(user unknown|(user|address|recipient|mailbox) not exist|not listed in (the )?(public )?(name & address book|domino directory|directory)|access denied\. as\(201806281\)|malformed (recipient )?address|bad address syntax|unknown user|unknown recipient|no such (user|mailbox|recipient|address|person|account)|user (does not|doesn'?t) exist|(address|mailbox|account|recipient|user)( \S+)? (does not|doesn'?t) exist|does not exist|doesn'?t have an? \S+ account|recipient (address )?(not found|unknown|invalid)|recipientnotfound|recipnotfound|invalid (recipient|mailbox|address|user)|mailbox (not found|unavailable|does not exist)|address (not found|unknown|rejected: user)|user not found|not a valid (mailbox|user|address|recipient)|bad destination mailbox|unknown address|unknown local part|unrouteable address|no mailbox here|not listed in (the )?(domino )?directory|recipient name is not recognized|address is not recognized|is not a known user|undeliverable address|no account by that name|dd this user|unknown or illegal alias|invalid address|mailbox name not allowed|user not local|no valid recipients|recipient rejected|addressee unknown|this user doesn't have)/i],
  ['not_accept', /((domain|host|server) (\S+ )?(does not|doesn'?t) (accept|receive) (e?mail|messages)|null mx|no mail is accepted|accepts no mail|doesn'?t receive email)/i],
  ['relaying_denied', /(relay(ing)? (access )?(denied|not (permitted|allowed))|not permitted to relay|relay not permitted|unable to relay|we do not relay|no relaying|relaying denied|not a gateway)/i],
  ['auth_failure', /(dmarc|smtp authentication|invalid ip for sending|\bspf\b|dkim|unauthenticated|authentication (required|failed|level)|does not pass|not pass (dmarc|spf|dkim)|sender policy framework|purported responsible address|sender id|5\.7\.(2[0-7]|5\d\d)\b)/i],
  ['virus', /(virus|malware|infected|trojan|worm detected|malicious (content|attachment))/i],
  ['rate_limited', /(rate limit|rate-limit|too many (connections|messages|recipients|mails|emails|sent)|has sent to too many|frequency limited|throttl|temporarily (deferred|rate limited)|sending rate|exceeded the (rate|limit)|connection limit|rate exceeded)/i],
  ['blocked', /(block ?list|ptr record|reverse dns|black ?list|blocked (using|by|by the|for|because)|\bblocked\b.*(ip|host|address)|(ip|host|address) .*\bblocked\b|listed (at|on|in|by)|spamhaus|spamcop|\bsorbs\b|\brbl\b|\bdnsbl\b|reputation|banned sending ip|client host rejected|not allowed to send|network not allowed|poor reputation|bloquee|refused (by|due to) (our )?(blocklist|policy)|connection refused by|access denied, banned|your ip|ip address .* (does not|is not)|rejected due to (sender|ip))/i],
  ['spam_detected', /(spam|\bube\b|unsolicited|junk mail|bulk mail|content rejected|message content|suspicious (content|url|link)|phish|spamassassin|mcspamsignature|score(d)? (too high|exceeds))/i],
  ['sender_rejected', /(sender (address )?rejected|sender (is )?(not allowed|denied|unknown|invalid|blocked)|sender verify failed|invalid sender|bad sender|mail from (address )?rejected|domain of sender address|sender domain|sender address is|\[mail_from\])/i],
  ['filtered', /(filtered|domain filter|rejected by the domain|recipient'?s? (filter|rule)|message (was )?(refused|rejected) by (the )?recipient|not member|refused by the recipient)/i],
  ['network_error', /(connection (refused|timed out|reset|lost|closed)|socket error|did not accept our requests to connect|could not find a gateway|timed out|timeout|no route to host|network (is )?unreachable|could not connect|unable to connect|establish an smtp connection|lost connection|connect to .* (failed|refused)|host not responding|no answer from host|hop count exceeded|mail loop|routing loop|too many hops)/i],
  ['system_error', /(system error|not implemented|internal (server |system )?error|mail system (full|error)|insufficient (system |disk )?(space|storage)|local error|service (currently )?unavailable|resources temporarily unavailable|temporary (local )?(problem|failure|error)|server error|misconfigur|not configured|system (is )?(busy|overloaded|not accepting)|improper sequence|syntax error|protocol|transaction failed|mailer error|error transferring|8-bit data)/i],
  ['policy', /(policy|not authori[sz]ed|access denied|refused|rejected|prohibited|not permitted|not allowed|denied|forbidden|blocked|not rfc ?5322|multiple addresses)/i],
];

/** Reason from an enhanced status code alone (RFC 3463 + provider registries), or null. */
export function reasonFromCode(status: string | null): BounceReason | null {
  if (!status) return null;
  const m = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(status);
  if (!m) return null;
  const cls = m[1];
  const subject = Number(m[2]);
  const detail = Number(m[3]);
  if (cls === '2') return null;
  switch (subject) {
    case 1:
      if (detail === 1 || detail === 3) return 'user_unknown';
      if (detail === 2) return cls === '5' ? 'host_unknown' : 'network_error';
      if (detail === 6) return 'mailbox_moved';
      if (detail === 7 || detail === 8) return 'sender_rejected';
      if (detail === 10) return 'not_accept';
      return null;
    case 2:
      if (detail === 1) return 'suspended';
      if (detail === 2) return 'mailbox_full';
      if (detail === 3) return 'message_too_big';
      return 'system_error';
    case 3:
      if (detail === 4) return 'message_too_big';
      return 'system_error';
    case 4:
      if (detail === 7) return 'expired';
      if (detail === 4) return cls === '5' ? 'host_unknown' : 'network_error';
      if (detail === 5) return 'system_error';
      return 'network_error';
    case 5:
      if (detail === 3) return 'rate_limited';
      return 'system_error';
    case 6:
      return 'policy';
    case 7:
      if (detail >= 20 && detail <= 27) return 'auth_failure';
      if (detail >= 500 && detail <= 599) return 'auth_failure'; // Microsoft 5.7.5xx: sender authentication levels
      if (detail >= 600 && detail <= 799) return detail === 650 ? 'rate_limited' : 'blocked'; // Microsoft banned IP / tenant
      if (detail === 1 || detail === 0 || detail === 9) return 'policy';
      if (detail === 7 || detail === 5) return 'auth_failure';
      if (detail === 28) return 'rate_limited';
      return 'policy';
    default:
      return null;
  }
}

/** The reason of a failure: the diagnostic text when it is specific, else the code, else 'undefined'. */
export function reasonOf(status: string | null, diagnostic: string | null, opts: { action?: string | null } = {}): BounceReason {
  if (opts.action === 'expired') return 'expired';
  const text = diagnostic ?? '';
  const fromCode = reasonFromCode(status);
  // A code that already says something specific about the address or mailbox is not overridden by vague
  // words ("5.2.2 … rejected" stays mailbox_full), but a specific text beats a generic code (5.0.0, 5.7.1, 5.1.0).
  // Authentication/reputation codes (X.7.20–27, Microsoft 5.7.5xx/6xx) are about the sender whatever the
  // words add ("… does not accept messages from IPs without PTR" is not a dead domain).
  if (fromCode === 'auth_failure' || (fromCode === 'blocked' && status && /^[45]\.7\.\d{3}$/.test(status))) return fromCode;
  for (const [reason, re] of REASON_PATTERNS) {
    if (!re.test(text)) continue;
    if (fromCode && fromCode !== reason && SPECIFIC_CODE.has(fromCode) && (reason === 'policy' || reason === 'system_error' || reason === 'filtered')) return fromCode;
    return reason;
  }
  return fromCode ?? 'undefined';
}

/** Code-derived reasons specific enough that only a specific text may override them. */
const SPECIFIC_CODE = new Set<BounceReason>(['user_unknown', 'host_unknown', 'mailbox_moved', 'not_accept', 'mailbox_full', 'message_too_big', 'suspended', 'expired', 'auth_failure', 'blocked', 'sender_rejected']);

/** The canonical RFC 3463 code of a reason (for reports that give none), class digit supplied by the caller. */
const CANONICAL: Partial<Record<BounceReason, string>> = {
  user_unknown: '1.1',
  host_unknown: '1.2',
  mailbox_moved: '1.6',
  not_accept: '1.10',
  sender_rejected: '1.8',
  suspended: '2.1',
  mailbox_full: '2.2',
  message_too_big: '3.4',
  system_error: '3.0',
  network_error: '4.1',
  expired: '4.7',
  rate_limited: '7.0',
  relaying_denied: '7.1',
  policy: '7.1',
  blocked: '7.1',
  spam_detected: '7.1',
  virus: '7.1',
  auth_failure: '7.26',
};

export function canonicalStatus(reason: BounceReason, classDigit: '4' | '5'): string | null {
  const sd = CANONICAL[reason];
  return sd ? `${classDigit}.${sd}` : null;
}
