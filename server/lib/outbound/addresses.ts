/**
 * IP address parsing and classification for the outbound-request policy. Addresses become a family and a
 * BigInt so one CIDR matcher serves IPv4 and IPv6; IPv4 embedded in IPv6 (mapped `::ffff:a.b.c.d`, NAT64
 * `64:ff9b::/96`, 6to4 `2002::/16`) is judged as the IPv4 address it carries, so `::ffff:127.0.0.1` is loopback.
 */
import net from 'node:net';

export type Family = 4 | 6;
export interface Ip {
  family: Family;
  value: bigint;
}
export interface Cidr {
  family: Family;
  base: bigint;
  prefix: number;
}

/** Why an address is not a public internet destination. */
export type BlockReason = 'loopback' | 'private' | 'link_local' | 'multicast' | 'unspecified' | 'reserved';

export function parseIp(raw: string): Ip | null {
  const s = raw.trim().replace(/^\[|\]$/g, '');
  if (net.isIPv4(s)) return { family: 4, value: BigInt(v4ToInt(s)) };
  const noZone = s.split('%')[0];
  if (!net.isIPv6(noZone)) return null;
  return { family: 6, value: v6ToBigInt(noZone) };
}

function v4ToInt(s: string): number {
  return s.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function v6ToBigInt(s: string): bigint {
  let str = s.toLowerCase();
  const tail = str.slice(str.lastIndexOf(':') + 1);
  if (tail.includes('.')) {
    const v4 = v4ToInt(tail);
    str = `${str.slice(0, str.lastIndexOf(':') + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, rest] = str.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const r = rest === undefined ? [] : rest ? rest.split(':') : [];
  const groups = rest === undefined ? h : [...h, ...Array<string>(8 - h.length - r.length).fill('0'), ...r];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

const bits = (f: Family) => (f === 4 ? 32 : 128);

export function parseCidr(raw: string): Cidr | null {
  const [addr, pfx, extra] = raw.trim().split('/');
  if (extra !== undefined) return null;
  const ip = parseIp(addr);
  if (!ip) return null;
  const max = bits(ip.family);
  if (pfx !== undefined && !/^\d{1,3}$/.test(pfx)) return null;
  const prefix = pfx === undefined ? max : Number(pfx);
  if (prefix > max) return null;
  return { family: ip.family, base: mask(ip.value, prefix, max), prefix };
}

function mask(v: bigint, prefix: number, width: number): bigint {
  if (prefix === 0) return 0n;
  const m = ((1n << BigInt(prefix)) - 1n) << BigInt(width - prefix);
  return v & m;
}

export function inCidr(ip: Ip, c: Cidr): boolean {
  return ip.family === c.family && mask(ip.value, c.prefix, bits(c.family)) === c.base;
}

/** The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), or the address itself. */
export function unwrap(ip: Ip): Ip {
  if (ip.family === 4) return ip;
  for (const [cidr, shift] of EMBEDDING) {
    if (inCidr(ip, cidr)) return { family: 4, value: (ip.value >> BigInt(shift)) & 0xffffffffn };
  }
  return ip;
}

const c = (s: string) => parseCidr(s)!;
const EMBEDDING: Array<[Cidr, number]> = [
  [c('::ffff:0:0/96'), 0], // IPv4-mapped
  [c('64:ff9b::/96'), 0], // NAT64 well-known prefix
  [c('64:ff9b:1::/48'), 0], // local-use NAT64
  [c('2002::/16'), 80], // 6to4: the IPv4 address sits in bits 16..48
];

const BLOCKED: Array<[Cidr, BlockReason]> = [
  [c('0.0.0.0/8'), 'unspecified'],
  [c('127.0.0.0/8'), 'loopback'],
  [c('10.0.0.0/8'), 'private'],
  [c('172.16.0.0/12'), 'private'],
  [c('192.168.0.0/16'), 'private'],
  [c('100.64.0.0/10'), 'private'], // carrier-grade NAT (shared address space)
  [c('169.254.0.0/16'), 'link_local'], // includes 169.254.169.254, the cloud metadata service
  [c('224.0.0.0/4'), 'multicast'],
  [c('240.0.0.0/4'), 'reserved'], // includes 255.255.255.255
  [c('192.0.0.0/24'), 'reserved'],
  [c('192.0.2.0/24'), 'reserved'],
  [c('198.18.0.0/15'), 'reserved'],
  [c('198.51.100.0/24'), 'reserved'],
  [c('203.0.113.0/24'), 'reserved'],
  [c('::/128'), 'unspecified'],
  [c('::1/128'), 'loopback'],
  [c('::/96'), 'reserved'], // deprecated IPv4-compatible
  [c('100::/64'), 'reserved'], // discard
  [c('2001:db8::/32'), 'reserved'], // documentation
  [c('fc00::/7'), 'private'], // unique local
  [c('fec0::/10'), 'private'], // deprecated site-local
  [c('fe80::/10'), 'link_local'],
  [c('ff00::/8'), 'multicast'],
];

/** Null for a public address; otherwise why it is not one. */
export function blockReason(ip: Ip): BlockReason | null {
  const u = unwrap(ip);
  for (const [cidr, reason] of BLOCKED) if (inCidr(u, cidr)) return reason;
  return null;
}

