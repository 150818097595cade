/**
 * A resumable RFC 4180 CSV tokenizer over decoded text chunks.
 *
 * Why our own instead of csv-parse: imports must report the PHYSICAL line on which each record STARTS (a quoted
 * field may span several lines), and csv-parse's `info.lines` reports where a record ends; it also halves
 * csv-parse's throughput. This state machine keeps its state between chunks, so a record or even a single
 * character pair (`\r` | `\n`) may be split across chunks at any point.
 *
 * Leniency (what Excel does): a quote inside an unquoted field is literal (`ab"c`); text after a closing quote is
 * appended (`"ab"c` → `abc`); `\r\n`, `\n` and a lone `\r` all end a line; empty lines are skipped but counted.
 */
import type { Delimiter } from './types.js';

/** A tokenized record before header/blank handling. */
export interface RawRecord {
  line: number;
  values: string[];
}

/** Thrown for input that cannot be tokenized (unclosed quote, absurdly long field); carries the starting line. */
export class CsvFormatError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

const CR = 13;
const LF = 10;
const QUOTE = 34;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3;

/** Streaming tokenizer; call `push` per decoded chunk and `end` once. Records are appended to `out`. */
export class CsvTokenizer {
  private readonly delim: number;
  private readonly maxFieldChars: number;
  private state = FIELD_START;
  private line = 1;
  private prevCR = false;
  private field = '';
  private values: string[] = [];
  /** Line on which the record being built started; 0 while between records. */
  private recordLine = 0;

  constructor(delimiter: Delimiter, opts: { maxFieldChars?: number } = {}) {
    this.delim = delimiter.charCodeAt(0);
    this.maxFieldChars = opts.maxFieldChars ?? 1_000_000;
  }

  /** Tokenizes one chunk of text; complete records are pushed to `out`. */
  push(s: string, out: RawRecord[]): void {
    const delim = this.delim;
    const n = s.length;
    let state = this.state;
    let line = this.line;
    let prevCR = this.prevCR;
    let start = 0; // start of the pending slice of the current field within `s`
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (state === UNQUOTED) {
        // Hot path: scan plain field characters without touching any other state.
        if (c !== delim && c !== CR && c !== LF) continue;
        this.values.push(this.field.length ? this.field + s.slice(start, i) : s.slice(start, i));
        this.field = '';
        if (c === delim) {
          state = FIELD_START;
          continue;
        }
        line++;
        prevCR = c === CR;
        this.emit(out);
        state = FIELD_START;
        continue;
      }
      if (state === FIELD_START) {
        if (c === CR || c === LF) {
          if (c === LF && prevCR) {
            prevCR = false; // second half of a \r\n already counted
            continue;
          }
          line++;
          prevCR = c === CR;
          if (this.recordLine !== 0) {
            this.values.push(''); // trailing empty field: `a,b,\n`
            this.emit(out);
          }
          continue;
        }
        prevCR = false;
        if (this.recordLine === 0) this.recordLine = line;
        if (c === delim) {
          this.values.push('');
          continue;
        }
        if (c === QUOTE) {
          state = QUOTED;
          start = i + 1;
        } else {
          state = UNQUOTED;
          start = i;
        }
        continue;
      }
      if (state === QUOTED) {
        if (c === QUOTE) {
          this.field += s.slice(start, i);
          state = QUOTE_SEEN;
          prevCR = false;
          continue;
        }
        // Line breaks inside a quoted field are data but still advance the physical line counter.
        if (c === CR) line++;
        else if (c === LF && !prevCR) line++;
        prevCR = c === CR;
        continue;
      }
      // QUOTE_SEEN: the previous character was a quote inside a quoted field.
      if (c === QUOTE) {
        this.field += '"';
        state = QUOTED;
        start = i + 1;
        continue;
      }
      if (c === delim || c === CR || c === LF) {
        this.values.push(this.field);
        this.field = '';
        state = FIELD_START;
        if (c !== delim) {
          line++;
          prevCR = c === CR;
          this.emit(out);
        }
        continue;
      }
      state = UNQUOTED; // `"ab"c` → `abc`, as Excel reads it
      start = i;
    }
    if (state === UNQUOTED || state === QUOTED) {
      this.field += s.slice(start);
      if (this.field.length > this.maxFieldChars) {
        throw new CsvFormatError(
          `A field in the record starting at line ${this.recordLine} is longer than ${this.maxFieldChars} characters (unclosed quote?)`,
          this.recordLine,
        );
      }
    }
    this.state = state;
    this.line = line;
    this.prevCR = prevCR;
  }

  /** Flushes the last record (a file need not end with a line break). Throws on an unclosed quoted field. */
  end(out: RawRecord[]): void {
    if (this.state === QUOTED) {
      throw new CsvFormatError(`Unclosed quoted field in the record starting at line ${this.recordLine}`, this.recordLine);
    }
    if (this.recordLine !== 0) {
      this.values.push(this.field);
      this.field = '';
      this.emit(out);
    }
    this.state = FIELD_START;
  }

  private emit(out: RawRecord[]): void {
    out.push({ line: this.recordLine, values: this.values });
    this.values = [];
    this.recordLine = 0;
  }
}
