/**
 * DKIM key generation. Keys are RSA (rsa-sha256 is what every receiver verifies); 2048 bits is the default and the
 * recommendation — Gmail ignores keys under 1024 bits and 1024 is considered weak.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';

export interface DkimKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
  /** The TXT record value for `<selector>._domainkey.<domain>`: `v=DKIM1; k=rsa; p=…`. */
  dnsTxtValue: string;
}

/** Generates an RSA key pair for DKIM (PKCS#8 private PEM, SPKI public PEM). */
export function generateDkimKeyPair(bits = 2048): DkimKeyPair {
  if (!Number.isInteger(bits) || bits < 1024 || bits > 4096) throw new Error('DKIM key size must be between 1024 and 4096 bits.');
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey, dnsTxtValue: dkimTxtValue(publicKey) };
}

/** The DKIM TXT value for a public key (PEM, or a private key PEM from which the public half is derived). */
export function dkimTxtValue(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return `v=DKIM1; k=rsa; p=${der.toString('base64')}`;
}

/**
 * Splits a TXT value into ≤ 255-byte character-strings. A 2048-bit key's record is ~410 bytes; DNS servers that
 * take zone-file syntax need it as `"part1" "part2"`, which resolvers join back together.
 */
export function splitTxtValue(value: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i += 255) parts.push(value.slice(i, i + 255));
  return parts;
}
