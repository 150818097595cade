/**
 * Machine-open and scanner-click detection (reference §4.3, §4.4). Pure functions over what a tracking request
 * tells us: method, client IP (X-Forwarded-For is honoured: the app trusts the proxy), User-Agent, and how long
 * after the message was handed to the receiving server the hit came.
 *
 * Flagged hits are kept (totals show them separately) but left out of unique rates by default.
 */

/** Why an open was judged automatic; null reason = a person (possibly through a caching proxy). */
export type MachineOpenReason = 'apple_mpp' | 'prefetch' | 'bot_ua' | 'head';
/** Why a click was judged to be a security scanner. */
export type ScannerClickReason = 'honeypot' | 'head' | 'bot_ua' | 'too_fast' | 'honeypot_burst';

/** The link index reserved for the hidden honeypot link ('zzzz' in base36: the largest index a click token holds). */
export const HONEYPOT_LINK_INDEX = 36 ** 4 - 1;

/** Defaults; per-workspace values live in tracking_settings. */
export const DEFAULT_SCANNER_CLICK_SECONDS = 2;
export const DEFAULT_MACHINE_OPEN_SECONDS = 2;

/**
 * User agents of link scanners, security gateways, crawlers and HTTP libraries. A person's mail client never
 * sends these (list after monperrus/crawler-user-agents and vendor documentation, kept short on purpose).
 */
const BOT_UA =
  /(bot\b|crawler|spider|python-requests|python-urllib|aiohttp|curl\/|wget\/|go-http-client|java\/|okhttp|libwww|httpclient|axios|node-fetch|undici|headlesschrome|phantomjs|barracuda|proofpoint|mimecast|safelinks|microsoft office existence discovery|ms-office.*discovery|trendmicro|trend micro|symantec|forcepoint|fortiguard|sophos|cisco|ironport|zscaler|checkpoint|scanurl|urldefense|linkscanner|bingpreview|slackbot|facebookexternalhit)/i;

/** Apple's Mail Privacy Protection proxy fetches with this bare user agent (no platform details). */
const APPLE_MPP_UA = /^Mozilla\/5\.0$/;
/** Gmail/Yahoo image proxies fetch when the person opens the message: a real open, reported as proxied. */
const OPEN_PROXY_UA: [RegExp, string][] = [
  [/GoogleImageProxy|ggpht\.com/i, 'google'],
  [/YahooMailProxy/i, 'yahoo'],
];

/** Apple owns 17.0.0.0/8; MPP's proxy egress is announced from it. */
function isAppleIp(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return /^17\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** What a tracking request looked like. */
export interface HitSignals {
  method: string;
  ip: string | null;
  userAgent: string | null;
  /** Seconds since the message was accepted by the receiving server (null: unknown, e.g. never marked sent). */
  secondsSinceSent: number | null;
}

/** Classifies an open. `proxy` names a caching proxy that fetched on the person's behalf. */
export function classifyOpen(s: HitSignals, machineOpenSeconds = DEFAULT_MACHINE_OPEN_SECONDS): { machine: boolean; reason: MachineOpenReason | null; proxy: string | null } {
  const ua = (s.userAgent ?? '').trim();
  const proxy = OPEN_PROXY_UA.find(([re]) => re.test(ua))?.[1] ?? null;
  if (s.method === 'HEAD') return { machine: true, reason: 'head', proxy };
  if (APPLE_MPP_UA.test(ua) || (s.ip && isAppleIp(s.ip) && !/iPhone|iPad|Macintosh/.test(ua))) return { machine: true, reason: 'apple_mpp', proxy: 'apple' };
  if (!proxy && ua && BOT_UA.test(ua)) return { machine: true, reason: 'bot_ua', proxy };
  // A fetch within seconds of delivery is a prefetch (a server, not a person, loaded the images).
  if (s.secondsSinceSent !== null && s.secondsSinceSent < machineOpenSeconds) return { machine: true, reason: 'prefetch', proxy };
  return { machine: false, reason: null, proxy };
}

/** Classifies a click. */
export function classifyClick(
  s: HitSignals & { linkIndex: number },
  scannerClickSeconds = DEFAULT_SCANNER_CLICK_SECONDS,
): { scanner: boolean; reason: ScannerClickReason | null } {
  if (s.linkIndex === HONEYPOT_LINK_INDEX) return { scanner: true, reason: 'honeypot' };
  if (s.method === 'HEAD') return { scanner: true, reason: 'head' };
  if (s.userAgent && BOT_UA.test(s.userAgent)) return { scanner: true, reason: 'bot_ua' };
  if (s.secondsSinceSent !== null && s.secondsSinceSent < scannerClickSeconds) return { scanner: true, reason: 'too_fast' };
  return { scanner: false, reason: null };
}
