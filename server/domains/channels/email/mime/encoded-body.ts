/**
 * A message part that is already quoted-printable encoded, as a list of pieces.
 *
 * The template compiler encodes a campaign's static HTML/text once; per recipient only the merge-tag values and
 * tracking URLs are encoded (qpPiece) and the pieces are concatenated. This keeps the per-message cost independent
 * of the template size, apart from one copy and the DKIM body hash.
 */
import { qpPiece } from './encode.js';

export interface EncodedBody {
  readonly encoding: 'quoted-printable';
  readonly pieces: readonly Uint8Array[];
}

/** Type guard: an EncodedBody rather than a plain string. */
export function isEncodedBody(v: unknown): v is EncodedBody {
  return typeof v === 'object' && v !== null && (v as EncodedBody).encoding === 'quoted-printable';
}

/** Encodes a whole string as a single-piece EncodedBody (for parts that were rendered to a string). */
export function encodeBody(text: string): EncodedBody {
  return { encoding: 'quoted-printable', pieces: [qpPiece(text, false)] };
}
