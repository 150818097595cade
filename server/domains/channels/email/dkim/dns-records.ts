/**
 * The DNS records a workspace publishes for a sending domain: DKIM (required), SPF and DMARC suggestions, and the
 * MX of the bounce domain when one is set (the envelope sender's domain, so bounces come back to us and SPF aligns with From).
 */
import { isIP } from 'node:net';
import { dkimTxtValue, splitTxtValue } from './keys.js';

export interface DnsRecord {
  type: 'TXT' | 'MX' | 'A' | 'AAAA';
  /** Fully qualified host name. */
  host: string;
  value: string;
  /** Plain-language reason shown next to the record in the UI. */
  purpose: string;
  /** For TXT values over 255 bytes: the character-strings to enter in zone-file syntax. */
  txtStrings?: string[];
  /** MX priority. */
  priority?: number;
}

export interface DnsRecordOptions {
  /** SPF include of an upstream relay/ESP, e.g. `amazonses.com`. */
  spfInclude?: string;
  /** Public IP the platform sends from (IPv4 or IPv6). */
  sendingIp?: string;
  /** Address that receives DMARC aggregate reports. */
  dmarcRua?: string;
  /** Envelope-sender (Return-Path) domain, e.g. `bounce.example.com`. Defaults to the domain itself. */
  bounceDomain?: string;
  /** Host that receives bounces for the bounce domain. Defaults to the bounce domain itself (plus an A record). */
  bounceMxHost?: string;
}

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

function host(name: string, what: string): string {
  const h = name.trim().toLowerCase().replace(/\.$/, '');
  if (!HOST.test(h)) throw new Error(`${what} is not a valid domain name: ${JSON.stringify(name)}`);
  return h;
}

/**
 * Records for `domain` signed with `selector`. `publicKey` is a PEM (or an existing `v=DKIM1…` TXT value).
 * SPF goes on the bounce domain because SPF is checked against the envelope sender, not the From header.
 */
export function dnsRecordsForDomain(domain: string, selector: string, publicKey: string, opts: DnsRecordOptions = {}): DnsRecord[] {
  const d = host(domain, 'Domain');
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(selector)) throw new Error('Invalid DKIM selector.');
  const bounce = opts.bounceDomain ? host(opts.bounceDomain, 'Bounce domain') : d;
  if (bounce !== d && !bounce.endsWith(`.${d}`)) {
    throw new Error('The bounce domain must be a subdomain of the sending domain, or SPF will not align for DMARC.');
  }
  const ipKind = opts.sendingIp ? isIP(opts.sendingIp.trim()) : 0;
  if (opts.sendingIp && !ipKind) throw new Error(`Not an IP address: ${opts.sendingIp}`);

  const dkim = publicKey.trim().startsWith('v=DKIM1') ? publicKey.trim() : dkimTxtValue(publicKey);
  const records: DnsRecord[] = [
    {
      type: 'TXT',
      host: `${selector.toLowerCase()}._domainkey.${d}`,
      value: dkim,
      txtStrings: splitTxtValue(dkim),
      purpose: 'DKIM: lets receivers verify that messages from this domain were signed by Clarion and not changed.',
    },
  ];

  const mechanisms = ['v=spf1'];
  if (opts.sendingIp) mechanisms.push(`${ipKind === 6 ? 'ip6' : 'ip4'}:${opts.sendingIp.trim()}`);
  if (opts.spfInclude) mechanisms.push(`include:${host(opts.spfInclude, 'SPF include')}`);
  if (mechanisms.length === 1) mechanisms.push('mx');
  mechanisms.push('~all');
  records.push({
    type: 'TXT',
    host: bounce,
    value: mechanisms.join(' '),
    purpose:
      'SPF (suggested): authorises the servers that send for this domain. If the host already has an SPF record, ' +
      'merge these mechanisms into it — a host may have only one.',
  });

  const rua = opts.dmarcRua?.trim();
  if (rua && !/^[^\s@;,]+@[^\s@;,]+$/.test(rua.replace(/^mailto:/i, ''))) throw new Error('DMARC report address is not an email address.');
  records.push({
    type: 'TXT',
    host: `_dmarc.${d}`,
    value: `v=DMARC1; p=none;${rua ? ` rua=mailto:${rua.replace(/^mailto:/i, '')};` : ''} adkim=r; aspf=r`,
    purpose:
      'DMARC (suggested): required by Gmail, Yahoo and Microsoft for bulk senders. Start with p=none and read the ' +
      'reports before moving to quarantine/reject.',
  });

  // Never suggest an MX for the main domain: that would redirect the company's own mail to Clarion.
  if (bounce === d) return records;
  const mxHost = opts.bounceMxHost ? host(opts.bounceMxHost, 'Bounce MX host') : bounce;
  records.push({
    type: 'MX',
    host: bounce,
    value: mxHost,
    priority: 10,
    purpose: 'Bounces: delivery reports for the envelope sender come back to Clarion so bad addresses are suppressed.',
  });
  if (!opts.bounceMxHost && opts.sendingIp) {
    records.push({
      type: ipKind === 6 ? 'AAAA' : 'A',
      host: bounce,
      value: opts.sendingIp.trim(),
      purpose: 'Address of the bounce mail server named by the MX record above.',
    });
  }
  return records;
}
