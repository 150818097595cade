/**
 * The phone fast path must never change an outcome: for many generated numbers in several countries, the
 * normaliser with the fast path gives exactly what the full libphonenumber parse gives.
 */
import { getCountryCallingCode, getExampleNumber, type CountryCode } from 'libphonenumber-js/min';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { createPhoneNormalizer } from './contact-values.js';
import { createPhoneFastPath } from './phone-fast-path.js';

/** Deterministic PRNG so a failure is reproducible. */
function rng(seed: number): () => number {
  return () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
    return ((seed ^ (seed >>> 12)) >>> 0) / 4294967296;
  };
}

const COUNTRIES: CountryCode[] = ['IL', 'DE', 'FR', 'NL', 'IT', 'ES', 'SE', 'CH', 'AU', 'IN', 'BR', 'US', 'GB', 'RU', 'AR', 'MX'];

function inputsFor(country: CountryCode, rand: () => number): string[] {
  const nsn = getExampleNumber(country, examples)!.nationalNumber as string;
  const cc = getCountryCallingCode(country);
  const out: string[] = [];
  for (let i = 0; i < 250; i++) {
    const digits = nsn.split('');
    for (let k = 0; k < 1 + Math.floor(rand() * 3); k++) digits[Math.floor(rand() * digits.length)] = String(Math.floor(rand() * 10));
    if (rand() < 0.2) digits.push(String(Math.floor(rand() * 10)));
    if (rand() < 0.2) digits.pop();
    if (rand() < 0.1) digits[0] = String(Math.floor(rand() * 10));
    const n = digits.join('');
    const dashed = n.length > 4 ? `${n.slice(0, 3)}-${n.slice(3)}` : n;
    out.push(`0${n}`, `0${dashed}`, `+${cc} ${n}`, `+${cc}-0${n}`, `00${cc}${n}`, n, `(0${n.slice(0, 2)}) ${n.slice(2)}`, `1${n}`, `+${n}`);
  }
  return out;
}

describe('phone fast path', () => {
  it('is enabled for Israel and disabled where a calling code is shared or rules are complex', () => {
    expect(createPhoneFastPath('IL')).not.toBeNull();
    for (const c of ['US', 'GB', 'RU', 'AR'] as CountryCode[]) expect(createPhoneFastPath(c), c).toBeNull();
  });

  it('gives exactly the full-parse result for thousands of generated numbers in 16 countries', () => {
    const rand = rng(42);
    let fastHits = 0;
    for (const country of COUNTRIES) {
      const withFast = createPhoneNormalizer(country);
      const full = createPhoneNormalizer(country, { fastPath: false });
      const fast = createPhoneFastPath(country);
      for (const s of inputsFor(country, rand)) {
        expect(withFast(s), `${country} ${s}`).toEqual(full(s));
        const plus = s.startsWith('+');
        if (fast && fast(s.replace(/\D/g, ''), plus) !== null) fastHits++;
      }
    }
    expect(fastHits).toBeGreaterThan(2000); // the comparison really exercised the fast path
  });
});
