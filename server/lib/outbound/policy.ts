/**
 * The one outbound-request policy: every request or connection the server makes on a user's behalf goes to a
 * public internet address, unless the operator named the target in the instance allow-list
 * (CLARION_OUTBOUND_ALLOW). Names are resolved and every answer is checked; the check runs again at connect time
 * (`outboundLookup`, for http/https agents and net/tls connects), so a name that resolves to a public address
 * during the check and to an internal one a moment later (DNS rebinding) is still refused.
 *
 * A refusal is an AppError 400 `outbound_refused` saying why (which kind of address), never anything learned
 * from the target itself: no connection is made, so no status, type or size of an internal URL can leak.
 */
import dns from 'node:dns';
import net from 'node:net';
import { AppError, type MessageArg } from '../errors.js';
import { msg } from '../messages/index.js';
import { blockReason, inCidr, parseCidr, parseIp, type BlockReason, type Cidr, type Family } from './addresses.js';

export interface ResolvedAddress {
  address: string;
  family: Family;
}
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutboundPolicy {
  /** Host names (exact, or `*.suffix` for any sub-domain) allowed even when they resolve to internal addresses. */
  allowHosts: string[];
  /** Address ranges allowed even though they are internal. */
  allowCidrs: Cidr[];
  /** Resolves names; dns.lookup (the system resolver, /etc/hosts included) unless a test injects another. */
  resolve: Resolver;
  defaultTimeoutMs: number;
  defaultMaxBytes: number;
  maxRedirects: number;
}

export type RefusalReason = BlockReason | 'scheme' | 'invalid_url' | 'unresolvable';

export class OutboundRefused extends AppError {
  constructor(
    readonly reason: RefusalReason,
    message: MessageArg,
    field?: string,
  ) {
    super(400, 'outbound_refused', message, field, { reason });
    this.name = 'OutboundRefused';
  }
}

export function isOutboundRefused(err: unknown): err is OutboundRefused {
  return err instanceof OutboundRefused;
}

const systemResolve: Resolver = async (hostname) => {
  const list = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return list.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/**
 * Parses the allow-list: comma- or space-separated host names (`sim.internal`, `*.corp.example`),
 * IP addresses and CIDR ranges (`127.0.0.1`, `10.1.0.0/16`, `::1`). Throws Error naming the bad entry.
 */
export function parseAllowList(raw: string | string[] | undefined | null): { hosts: string[]; cidrs: Cidr[] } {
  const entries = (Array.isArray(raw) ? raw : (raw ?? '').split(/[\s,]+/)).map((e) => e.trim()).filter(Boolean);
  const hosts: string[] = [];
  const cidrs: Cidr[] = [];
  for (const e of entries) {
    const cidr = parseCidr(e);
    if (cidr) cidrs.push(cidr);
    else if (/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(e) && !e.includes('/')) {
      hosts.push(e.toLowerCase().replace(/\.$/, ''));
    } else throw new Error(`"${e}" is neither a host name, an IP address nor a CIDR range`);
  }
  return { hosts, cidrs };
}

export function createOutboundPolicy(
  opts: { allow?: string | string[] | null; resolve?: Resolver; defaultTimeoutMs?: number; defaultMaxBytes?: number; maxRedirects?: number } = {},
): OutboundPolicy {
  const { hosts, cidrs } = parseAllowList(opts.allow);
  return {
    allowHosts: hosts,
    allowCidrs: cidrs,
    resolve: opts.resolve ?? systemResolve,
    defaultTimeoutMs: opts.defaultTimeoutMs ?? 15_000,
    defaultMaxBytes: opts.defaultMaxBytes ?? 10 * 1024 * 1024,
    maxRedirects: opts.maxRedirects ?? 5,
  };
}

function normHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

function hostAllowed(policy: OutboundPolicy, host: string): boolean {
  const h = normHost(host);
  return policy.allowHosts.some((a) => (a.startsWith('*.') ? h.endsWith(a.slice(1)) : h === a));
}

/** Null when the address may be contacted, else the reason it may not. */
function addressVerdict(policy: OutboundPolicy, address: string): BlockReason | null {
  const ip = parseIp(address);
  if (!ip) return 'reserved';
  if (policy.allowCidrs.some((c) => inCidr(ip, c))) return null;
  return blockReason(ip);
}

function refuse(host: string, reason: BlockReason, field?: string): OutboundRefused {
  return new OutboundRefused(reason, msg('outbound.refused_address', { host, reason }), field);
}

/**
 * Resolves `host` and returns its addresses when every one of them may be contacted; throws OutboundRefused
 * otherwise (one internal answer among public ones is enough to refuse: the connection could pick it).
 */
export async function checkOutboundHost(
  policy: OutboundPolicy,
  host: string,
  field?: string,
  opts: { acceptUnresolvable?: boolean } = {},
): Promise<ResolvedAddress[]> {
  const h = normHost(host);
  if (!h) throw new OutboundRefused('invalid_url', msg('outbound.no_host'), field);
  const literal = net.isIP(h.split('%')[0]);
  if (literal) {
    const reason = hostAllowed(policy, h) ? null : addressVerdict(policy, h);
    if (reason) throw refuse(h, reason, field);
    return [{ address: h, family: literal === 6 ? 6 : 4 }];
  }
  let addrs: ResolvedAddress[];
  try {
    addrs = await policy.resolve(h);
  } catch {
    addrs = [];
  }
  if (addrs.length === 0 && opts.acceptUnresolvable) return [];
  if (addrs.length === 0) throw new OutboundRefused('unresolvable', msg('outbound.unresolvable', { host: h }), field);
  if (hostAllowed(policy, h)) return addrs;
  for (const a of addrs) {
    const reason = addressVerdict(policy, a.address);
    if (reason) throw refuse(h, reason, field);
  }
  return addrs;
}

/**
 * Checks an http(s) URL's scheme and host; returns the parsed URL. Throws OutboundRefused (400).
 * `acceptUnresolvable` is for settings checked when written: a name that does not resolve yet (offline, DNS not
 * set up) is saved, and refused later at use if it then resolves to an internal address.
 */
export async function assertOutboundTarget(
  policy: OutboundPolicy,
  url: string | URL,
  opts: { field?: string; protocols?: string[]; acceptUnresolvable?: boolean } = {},
): Promise<URL> {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    throw new OutboundRefused('invalid_url', msg('outbound.invalid_url'), opts.field);
  }
  const protocols = opts.protocols ?? ['http:', 'https:'];
  if (!protocols.includes(u.protocol)) {
    throw new OutboundRefused('scheme', msg('outbound.scheme', { schemes: protocols.map((p) => `${p}//`).join(', ') }), opts.field);
  }
  await checkOutboundHost(policy, u.hostname, opts.field, { acceptUnresolvable: opts.acceptUnresolvable });
  return u;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request / https.Agent / net.connect / tls.connect options (and anything else that takes
 * Node's lookup signature): resolves through the policy and refuses internal answers at connect time.
 */
export function outboundLookup(policy: OutboundPolicy): net.LookupFunction {
  const fn = (hostname: string, options: dns.LookupOptions | number | undefined, callback: LookupCallback) => {
    const opts: dns.LookupOptions = typeof options === 'number' ? { family: options } : (options ?? {});
    checkOutboundHost(policy, hostname).then(
      (addrs) => {
        const fam = opts.family === 4 || opts.family === 6 ? opts.family : opts.family === 'IPv4' ? 4 : opts.family === 'IPv6' ? 6 : 0;
        const list = fam ? addrs.filter((a) => a.family === fam) : addrs;
        if (list.length === 0) {
          const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
          err.code = 'ENOTFOUND';
          return callback(err, '', 0);
        }
        if (opts.all) return callback(null, list.map((a) => ({ address: a.address, family: a.family })));
        callback(null, list[0].address, list[0].family);
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
  return fn as unknown as net.LookupFunction;
}
