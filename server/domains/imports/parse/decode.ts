/**
 * Streaming byte → text decoding for CSV files. UTF-8 and UTF-16LE use the built-in TextDecoder (fast, strips a
 * leading BOM); UTF-16BE and the legacy Windows code pages go through iconv-lite, which also strips a BOM.
 */
import iconv from 'iconv-lite';
import type { TextEncoding } from './types.js';

/** Incremental decoder: multi-byte sequences split across chunks are carried over to the next `write`. */
export interface ChunkDecoder {
  write(chunk: Uint8Array): string;
  end(): string;
}

const ICONV_NAMES: Record<Exclude<TextEncoding, 'utf8' | 'utf16le'>, string> = {
  utf16be: 'utf-16be',
  'windows-1255': 'windows-1255',
  'windows-1252': 'windows-1252',
};

/** Creates a streaming decoder for `encoding`; a leading byte-order mark is removed. */
export function createChunkDecoder(encoding: TextEncoding): ChunkDecoder {
  if (encoding === 'utf8' || encoding === 'utf16le') {
    const td = new TextDecoder(encoding === 'utf8' ? 'utf-8' : 'utf-16le');
    return {
      write: (chunk) => td.decode(chunk, { stream: true }),
      end: () => td.decode(),
    };
  }
  const name = ICONV_NAMES[encoding];
  if (!name) throw new Error(`unsupported encoding ${String(encoding)}`);
  const dec = iconv.getDecoder(name, { stripBOM: true });
  return {
    write: (chunk) => dec.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
    end: () => dec.end() ?? '',
  };
}

/** Decodes a whole buffer (used by sniffing on the file head). A truncated trailing sequence is dropped silently. */
export function decodeHead(head: Uint8Array, encoding: TextEncoding): string {
  const d = createChunkDecoder(encoding);
  return d.write(head);
}
