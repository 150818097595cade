/**
 * The DNS side of custom domains: `CNAME <host> → <instance host>` and `TXT _clarion-verify.<host> = <token>`.
 * The resolver is injectable (tests point it at a dns2 server on loopback; deployments may set CLARION_DNS_SERVERS).
 */
import { Resolver } from 'node:dns/promises';

export interface DnsResolver {
  resolveCname(host: string): Promise<string[]>;
  resolveTxt(name: string): Promise<string[][]>;
}

let current: DnsResolver = new Resolver({ timeout: 3000, tries: 2 });

/** The resolver domain checks use (replaceable for tests or a private resolver). */
export const dnsResolver = () => current;

export function useDnsResolver(r: DnsResolver) {
  current = r;
}

/** A resolver that asks the given servers (`host:port`). */
export function resolverFor(servers: string[]): DnsResolver {
  const r = new Resolver({ timeout: 2000, tries: 1 });
  r.setServers(servers);
  return r;
}

export const txtName = (host: string) => `_clarion-verify.${host}`;

export interface DnsCheck {
  cnameOk: boolean;
  txtOk: boolean;
  error: string | null;
}

const norm = (s: string) => s.toLowerCase().replace(/\.$/, '');

export async function checkDns(r: DnsResolver, host: string, target: string, token: string): Promise<DnsCheck> {
  const errors: string[] = [];
  const cname = await r.resolveCname(host).catch((e: NodeJS.ErrnoException) => {
    errors.push(`CNAME ${host}: ${e.code ?? e.message}`);
    return [] as string[];
  });
  const txt = await r.resolveTxt(txtName(host)).catch((e: NodeJS.ErrnoException) => {
    errors.push(`TXT ${txtName(host)}: ${e.code ?? e.message}`);
    return [] as string[][];
  });
  const cnameOk = cname.some((c) => norm(c) === norm(target));
  const txtOk = txt.some((parts) => parts.join('') === token);
  if (!cnameOk && cname.length) errors.push(`CNAME points at ${cname.join(', ')}, not ${target}`);
  if (!txtOk && txt.length) errors.push(`TXT ${txtName(host)} does not hold the token`);
  return { cnameOk, txtOk, error: errors.length ? errors.join('; ') : null };
}
