/**
 * The two contact keys in canonical form. The rules live in the import parser (one implementation for files
 * and API alike); this wraps them with the names the rest of the server uses.
 */
import type { Message } from '../../lib/messages/index.js';
import { createPhoneNormalizer, normalizeEmail } from '../imports/parse/index.js';

/** A normalised value or the coded reason it was rejected. */
export type Normalised = { ok: true; value: string } | { ok: false; reason: Message };

/** Trims, lowercases and validates an email address (`mailto:` and `Name <addr>` forms accepted). */
export function normaliseEmail(raw: string): Normalised {
  return normalizeEmail(raw);
}

const phoneByCountry = new Map<string, (raw: string) => Normalised>();

/**
 * Parses a phone number written nationally for `country` (ISO 3166 alpha-2, e.g. 'IL') or internationally,
 * and returns it in E.164 (`050-123-4567` with IL → `+972501234567`).
 */
export function normalisePhone(raw: string, country: string): Normalised {
  const key = country.toUpperCase();
  let fn = phoneByCountry.get(key);
  if (!fn) phoneByCountry.set(key, (fn = createPhoneNormalizer(key)));
  return fn(raw);
}
