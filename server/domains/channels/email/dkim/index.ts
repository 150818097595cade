/** DKIM keys and the DNS records of a sending domain. Signing itself lives in ../mime/dkim-sign.ts. */
export { generateDkimKeyPair, dkimTxtValue, splitTxtValue, type DkimKeyPair } from './keys.js';
export { dnsRecordsForDomain, type DnsRecord, type DnsRecordOptions } from './dns-records.js';
