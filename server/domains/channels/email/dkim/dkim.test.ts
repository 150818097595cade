import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dnsRecordsForDomain } from './dns-records.js';
import { generateDkimKeyPair, splitTxtValue } from './keys.js';

const pair = generateDkimKeyPair();

describe('generateDkimKeyPair', () => {
  it('creates a 2048-bit RSA pair whose DNS value carries the matching public key', () => {
    const priv = createPrivateKey(pair.privateKeyPem);
    expect(priv.asymmetricKeyType).toBe('rsa');
    expect(priv.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(pair.dnsTxtValue).toMatch(/^v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]+$/);
    const der = Buffer.from(pair.dnsTxtValue.split('p=')[1], 'base64');
    const pub = createPublicKey({ key: der, format: 'der', type: 'spki' });
    const sig = sign('sha256', Buffer.from('hello'), priv);
    expect(verify('sha256', Buffer.from('hello'), pub, sig)).toBe(true);
  });

  it('accepts other sizes but refuses keys receivers would ignore', () => {
    expect(createPrivateKey(generateDkimKeyPair(3072).privateKeyPem).asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(() => generateDkimKeyPair(512)).toThrow();
  });

  it('splits long TXT values into 255-byte strings that join back to the value', () => {
    const parts = splitTxtValue(pair.dnsTxtValue);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= 255)).toBe(true);
    expect(parts.join('')).toBe(pair.dnsTxtValue);
  });
});

describe('dnsRecordsForDomain', () => {
  it('lists DKIM, SPF on the bounce domain, DMARC p=none with rua, and the bounce MX', () => {
    const records = dnsRecordsForDomain('Example.com', 'clarion1', pair.publicKeyPem, {
      spfInclude: 'amazonses.com', sendingIp: '203.0.113.7', dmarcRua: 'dmarc@example.com', bounceDomain: 'bounce.example.com',
    });
    const byPurpose = (p: string) => records.find((r) => r.purpose.startsWith(p));
    expect(byPurpose('DKIM')).toMatchObject({ type: 'TXT', host: 'clarion1._domainkey.example.com', value: pair.dnsTxtValue });
    expect(byPurpose('SPF')).toMatchObject({ type: 'TXT', host: 'bounce.example.com', value: 'v=spf1 ip4:203.0.113.7 include:amazonses.com ~all' });
    expect(byPurpose('DMARC')).toMatchObject({ type: 'TXT', host: '_dmarc.example.com', value: 'v=DMARC1; p=none; rua=mailto:dmarc@example.com; adkim=r; aspf=r' });
    expect(byPurpose('Bounces')).toMatchObject({ type: 'MX', host: 'bounce.example.com', value: 'bounce.example.com', priority: 10 });
    expect(records.find((r) => r.type === 'A')).toMatchObject({ host: 'bounce.example.com', value: '203.0.113.7' });
  });

  it('never suggests an MX for the main domain and rejects a bounce domain that would not align', () => {
    const records = dnsRecordsForDomain('example.com', 's1', pair.dnsTxtValue, { sendingIp: '2001:db8::1' });
    expect(records.map((r) => r.type)).toEqual(['TXT', 'TXT', 'TXT']);
    expect(records[1].value).toBe('v=spf1 ip6:2001:db8::1 ~all');
    expect(records[2].value).toBe('v=DMARC1; p=none; adkim=r; aspf=r');
    expect(() => dnsRecordsForDomain('example.com', 's1', pair.publicKeyPem, { bounceDomain: 'bounce.other.org' })).toThrow(/subdomain/);
    expect(() => dnsRecordsForDomain('not a domain', 's1', pair.publicKeyPem)).toThrow();
  });
});
