/**
 * VERP (variable envelope return path) addresses: `bounces+<token>@<bounce domain>`.
 * The token is opaque here (the sender builds it, e.g. `d<deliveryId>.c<campaignId>.<hmac>`);
 * we only constrain its alphabet so it survives every MTA and cannot smuggle syntax.
 */

/** Local-part prefix of every VERP address Clarion hands out. */
export const VERP_PREFIX = 'bounces';

const TOKEN_RE = /^[A-Za-z0-9._-]{1,200}$/;
const DOMAIN_RE = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * Builds the envelope sender for one delivery.
 * @throws Error when the token or domain contains characters outside the allowed set.
 */
export function makeVerpAddress(token: string, bounceDomain: string): string {
  if (!TOKEN_RE.test(token)) throw new Error(`invalid VERP token: ${JSON.stringify(token)}`);
  const domain = bounceDomain.trim().replace(/\.$/, '');
  if (!DOMAIN_RE.test(domain)) throw new Error(`invalid bounce domain: ${JSON.stringify(bounceDomain)}`);
  return `${VERP_PREFIX}+${token}@${domain.toLowerCase()}`;
}

/**
 * Extracts the token from a VERP address. Accepts the bare address, `<addr>`, `Name <addr>`,
 * and DSN style `rfc822; addr`. Returns null for anything that is not `bounces+<token>@domain`,
 * or (when `bounceDomains` is given) whose domain is not one of ours.
 */
export function parseVerpAddress(addr: string, bounceDomains?: readonly string[]): string | null {
  if (typeof addr !== 'string') return null;
  let a = addr.trim();
  const angle = /<([^<>]*)>/.exec(a);
  if (angle) a = angle[1].trim();
  a = a.replace(/^(?:rfc822|utf-8)\s*;\s*/i, '').replace(/^mailto:/i, '');
  const at = a.lastIndexOf('@');
  if (at <= 0) return null;
  const local = a.slice(0, at);
  const domain = a.slice(at + 1).toLowerCase().replace(/\.$/, '');
  if (!DOMAIN_RE.test(domain)) return null;
  if (bounceDomains && !bounceDomains.some((d) => d.toLowerCase().replace(/\.$/, '') === domain)) return null;
  const plus = local.indexOf('+');
  if (plus === -1 || local.slice(0, plus).toLowerCase() !== VERP_PREFIX) return null;
  const token = local.slice(plus + 1);
  return TOKEN_RE.test(token) ? token : null;
}

/** Domain part of an address (lower-case), or null. */
export function addressDomain(addr: string): string | null {
  const at = addr.lastIndexOf('@');
  if (at <= 0 || at === addr.length - 1) return null;
  return addr.slice(at + 1).toLowerCase().replace(/\.$/, '');
}
