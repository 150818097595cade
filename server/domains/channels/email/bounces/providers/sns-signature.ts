/**
 * Amazon SNS message signature verification (SignatureVersion 1 = SHA1withRSA,
 * 2 = SHA256withRSA) over the canonical "Key\nValue\n" string, using the certificate found at
 * SigningCertURL. The URL is validated BEFORE anything is fetched so an attacker cannot make us
 * fetch (or trust) a certificate from a host they control.
 */
import { X509Certificate, createVerify } from 'node:crypto';
import { WebhookError } from './common.js';

/** Fetches a PEM certificate. Injectable so tests can sign with a local key. */
export type CertificateFetcher = (url: string) => Promise<string>;

/** The SNS envelope fields that take part in the signature. */
export interface SnsMessage {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  Subject?: string | null;
  SubscribeURL?: string;
  Token?: string;
  UnsubscribeURL?: string;
}

const CERT_HOST_RE = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;
const CERT_PATH_RE = /^\/SimpleNotificationService-[A-Za-z0-9]+\.pem$/;

/** True when a SigningCertURL points at a genuine SNS certificate location. */
export function isValidSigningCertUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return (
    u.protocol === 'https:' &&
    u.username === '' &&
    u.password === '' &&
    (u.port === '' || u.port === '443') &&
    CERT_HOST_RE.test(u.hostname) &&
    CERT_PATH_RE.test(u.pathname) &&
    u.search === '' &&
    u.hash === ''
  );
}

/** The exact string SNS signs for this message type. */
export function snsStringToSign(m: SnsMessage): string {
  const keys =
    m.Type === 'Notification'
      ? ['Message', 'MessageId', ...(m.Subject != null ? ['Subject'] : []), 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return keys.map((k) => `${k}\n${String((m as unknown as Record<string, unknown>)[k] ?? '')}\n`).join('');
}

const certCache = new Map<string, Promise<string>>();

/** Default fetcher: HTTPS GET with a timeout, no redirects, small in-process cache. */
export const fetchSnsCertificate: CertificateFetcher = (url) => {
  let p = certCache.get(url);
  if (!p) {
    p = (async () => {
      const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`certificate fetch failed: HTTP ${res.status}`);
      return res.text();
    })();
    p.catch(() => certCache.delete(url));
    if (certCache.size > 50) certCache.clear();
    certCache.set(url, p);
  }
  return p;
};

/**
 * Verifies an SNS message. Throws WebhookError('bad_certificate_url' | 'bad_signature').
 * @param now used to check the certificate validity period.
 */
export async function verifySnsSignature(m: SnsMessage, fetchCert: CertificateFetcher = fetchSnsCertificate, now: Date = new Date()): Promise<void> {
  if (!isValidSigningCertUrl(m.SigningCertURL)) {
    throw new WebhookError('bad_certificate_url', 'SigningCertURL is not an https SNS certificate URL on amazonaws.com');
  }
  const algorithm = m.SignatureVersion === '1' ? 'RSA-SHA1' : m.SignatureVersion === '2' ? 'RSA-SHA256' : null;
  if (!algorithm) throw new WebhookError('bad_signature', `unsupported SignatureVersion ${JSON.stringify(m.SignatureVersion)}`);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(await fetchCert(m.SigningCertURL));
  } catch (err) {
    throw new WebhookError('bad_signature', `cannot load signing certificate: ${(err as Error).message}`);
  }
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) {
    throw new WebhookError('bad_signature', 'signing certificate is outside its validity period');
  }
  const verifier = createVerify(algorithm);
  verifier.update(snsStringToSign(m), 'utf8');
  let ok = false;
  try {
    ok = verifier.verify(cert.publicKey, Buffer.from(m.Signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) throw new WebhookError('bad_signature', 'SNS signature does not verify');
}
