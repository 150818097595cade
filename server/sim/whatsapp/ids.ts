/**
 * Identifier factories shaped like Meta's: `wamid.` message ids, numeric-string object ids
 * (media, templates) and random `fbtrace_id`s. A process-wide counter keeps them unique.
 */
import { randomBytes } from 'node:crypto';

let counter = 0;
const idBase = 1_000_000_000_000_000 + Math.floor(Math.random() * 1_000_000_000) * 1000;

/** A message id like `wamid.HBgLNTUxMTk4NzY1NDMyMRUCABEYEj...AA==` that embeds the recipient. */
export function newWamid(waId: string): string {
  counter++;
  const tail = (counter.toString(16).padStart(8, '0') + randomBytes(5).toString('hex')).toUpperCase();
  const digits = Buffer.from(waId, 'ascii');
  const buf = Buffer.concat([
    Buffer.from([0x18, digits.length]),
    digits,
    Buffer.from([0x15, 0x02, 0x00, 0x11, 0x18, tail.length]),
    Buffer.from(tail, 'ascii'),
    Buffer.from([0x00]),
  ]);
  return `wamid.${buf.toString('base64')}`;
}

/** A numeric object id as Meta returns them (string of 16 digits). */
export function newObjectId(): string {
  counter++;
  return String(idBase + counter);
}

/** A random trace id for Graph error bodies. */
export function newFbtraceId(): string {
  return randomBytes(9).toString('base64').replace(/[+/=]/g, 'A');
}

/** 32 hex chars, used for conversation ids. */
export function newHexId(): string {
  return randomBytes(16).toString('hex');
}
