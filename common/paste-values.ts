/**
 * Splits pasted text into entries for a list (suppressions and the like): one entry per line, and a line may hold
 * several separated by commas or semicolons. Spaces never split, so a phone number written "050 123-4567" or
 * "(03) 555 1234" stays one entry. Each entry carries its 1-based line, for error messages.
 */
export interface PastedValue {
  line: number;
  value: string;
}

export function splitPastedValues(text: string): PastedValue[] {
  const out: PastedValue[] = [];
  text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/).forEach((row, i) => {
    for (const part of row.split(/[,;]/)) {
      let v = part.trim();
      if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).trim();
      if (v) out.push({ line: i + 1, value: v });
    }
  });
  return out;
}
