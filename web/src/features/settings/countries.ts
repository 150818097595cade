/** Country choices for phone defaults, named in the UI language by Intl.DisplayNames. */
const CODES =
  'IL US GB CA AU DE FR ES IT NL BE CH AT SE NO DK FI IE PT PL CZ GR TR RU UA RO HU BG HR RS SI SK LT LV EE CY MT LU IS AE SA EG JO MA TN ZA NG KE ET IN PK BD LK CN JP KR TW HK SG MY TH VN PH ID NZ BR AR MX CL CO PE UY VE'.split(
    ' ',
  );

export function countryOptions(lang: string): { value: string; label: string }[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([lang === 'he' ? 'he' : 'en'], { type: 'region' });
  } catch {
    names = null;
  }
  return CODES.map((c) => ({ value: c, label: `${names?.of(c) ?? c} (${c})` })).sort((a, b) => a.label.localeCompare(b.label, lang));
}
