/** Provider diagnostics often keep the DSN type prefix (`smtp; 550 …`); drop it and unfold. */
export function cleanDiagnosticFrom(v: string | null): string | null {
  if (!v) return null;
  const s = v.replace(/\s+/g, ' ').trim().replace(/^(smtp|x-[a-z0-9-]+)\s*;\s*/i, '');
  return s || null;
}
