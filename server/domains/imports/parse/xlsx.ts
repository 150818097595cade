/**
 * Spreadsheet (XLSX, and legacy XLS) reading via @e965/xlsx (SheetJS).
 *
 * SheetJS parses a whole workbook in memory, so spreadsheets are bounded by `maxXlsxBytes` and only the chosen
 * sheet is parsed (`sheets` option, dense storage). Cells are turned into the text a user sees, with two
 * deliberate exceptions: date cells become ISO `yyyy-mm-dd` (display formats like `m/d/yy` are ambiguous), and
 * integers that Excel would display in scientific notation (`9.72506E+11`, typically phone numbers typed as
 * numbers) are written out in full.
 */
import * as XLSX from '@e965/xlsx';

/** A spreadsheet row: `row` is the 1-based row number as shown in Excel. */
export interface SheetRow {
  row: number;
  values: string[];
}

/**
 * Sum of the uncompressed sizes of the largest worksheet XML and the shared-strings XML, read from the zip central
 * directory without inflating anything; null when `buf` is not a readable zip (e.g. legacy .xls). SheetJS needs
 * roughly 6× this in memory, so callers refuse sheets above a budget before parsing them.
 */
export function xlsxXmlBytes(buf: Buffer): number | null {
  const min = Math.max(0, buf.length - 65557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  let sheetMax = 0;
  let strings = 0;
  for (let e = 0; e < entries && p + 46 <= buf.length; e++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) return null;
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    if (/^xl\/worksheets\/[^/]+\.xml$/i.test(name)) sheetMax = Math.max(sheetMax, size);
    else if (/^xl\/sharedStrings\.xml$/i.test(name)) strings = size;
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return sheetMax + strings;
}

/** Names of the worksheets, in workbook order (cheap: does not parse cell data). */
export function listSheets(buf: Buffer): string[] {
  const wb = XLSX.read(buf, { type: 'buffer', bookSheets: true });
  return wb.SheetNames.slice();
}

/** Resolves a sheet given by name (case-insensitive) or 0-based index; default the first sheet. */
function resolveSheet(names: string[], sheet: string | number | undefined): string {
  if (names.length === 0) throw new Error('The workbook has no worksheets');
  if (sheet === undefined) return names[0];
  if (typeof sheet === 'number') {
    const n = names[sheet];
    if (n === undefined) throw new Error(`Sheet index ${sheet} does not exist (the workbook has ${names.length})`);
    return n;
  }
  const n = names.find((x) => x === sheet) ?? names.find((x) => x.toLowerCase() === sheet.toLowerCase());
  if (n === undefined) throw new Error(`Sheet "${sheet}" does not exist (sheets: ${names.join(', ')})`);
  return n;
}

/** Yields the non-empty rows of the chosen sheet as text, top to bottom. Cell values are not trimmed. */
export function* readSheetRows(buf: Buffer, sheet?: string | number): Generator<SheetRow> {
  const name = resolveSheet(listSheets(buf), sheet);
  const wb = XLSX.read(buf, {
    type: 'buffer',
    dense: true,
    cellNF: true,
    cellHTML: false,
    cellFormula: false,
    cellStyles: false,
    cellDates: false,
    sheets: name,
  });
  const ws = wb.Sheets[name];
  if (!ws) return;
  const data = (ws as unknown as { '!data'?: (XLSX.CellObject | undefined)[][] })['!data'] ?? [];
  for (let r = 0; r < data.length; r++) {
    const cells = data[r];
    if (!cells) continue;
    const values = new Array<string>(cells.length);
    for (let c = 0; c < cells.length; c++) values[c] = cellText(cells[c]);
    // Dense rows may have holes (sparse arrays) and trailing blanks; both read as ''.
    yield { row: r + 1, values };
    data[r] = undefined as unknown as XLSX.CellObject[]; // let GC reclaim rows already handed out
  }
}

/** The user-visible text of a cell, with ISO dates and non-scientific integers. */
export function cellText(cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  switch (cell.t) {
    case 's':
      return String(cell.v);
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'e':
      return ''; // #N/A, #REF!… carry no contact data
    case 'd':
      return cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : String(cell.v);
    case 'n': {
      const v = cell.v as number;
      if (cell.z !== undefined && XLSX.SSF.is_date(cell.z)) return serialToIso(v);
      const w = cell.w;
      if (w !== undefined && !/E[+-]\d/i.test(w)) return w;
      if (Number.isInteger(v) && Math.abs(v) < 1e21) return v.toFixed(0);
      return String(v);
    }
    default:
      return cell.w ?? String(cell.v);
  }
}

function serialToIso(serial: number): string {
  const p = XLSX.SSF.parse_date_code(serial);
  if (!p) return String(serial);
  const date = `${String(p.y).padStart(4, '0')}-${pad2(p.m)}-${pad2(p.d)}`;
  if (p.H === 0 && p.M === 0 && p.S === 0) return date;
  return `${date}T${pad2(p.H)}:${pad2(p.M)}:${pad2(Math.floor(p.S))}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
