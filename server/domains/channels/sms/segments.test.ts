import { describe, expect, it } from 'vitest';
import { countSegments, splitSegments, stripBidiMarks } from './segments.js';

describe('SMS segment counting (GSM-7 vs UCS-2)', () => {
  it('counts plain Latin text as GSM-7, 160 in one segment and 153 per part after', () => {
    expect(countSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1, remainingInSegment: 0 });
    expect(countSegments('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', segments: 2, perSegment: 153 });
    expect(countSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSegments('a'.repeat(307)).segments).toBe(3);
    expect(countSegments('').segments).toBe(0);
  });

  it('counts GSM extension characters as two septets and never splits the escape pair', () => {
    expect(countSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', characters: 80, units: 160, segments: 1 });
    // 152 plain + one € (2 septets) does not fit in 153: the € moves to part two.
    const info = countSegments(`${'a'.repeat(152)}€${'b'.repeat(10)}`);
    expect(info.segments).toBe(2);
    expect(splitSegments(`${'a'.repeat(152)}€${'b'.repeat(10)}`)[1].startsWith('€')).toBe(true);
  });

  it('switches Hebrew to UCS-2: 70 in one segment, 67 per part', () => {
    const shalom = 'שלום';
    expect(countSegments(shalom)).toMatchObject({ encoding: 'UCS-2', characters: 4, units: 4, segments: 1, remainingInSegment: 66 });
    expect(countSegments('ש'.repeat(70)).segments).toBe(1);
    expect(countSegments('ש'.repeat(71)).segments).toBe(2);
    expect(countSegments('ש'.repeat(134)).segments).toBe(2);
    expect(countSegments('ש'.repeat(135)).segments).toBe(3);
    expect(countSegments('Hi שלום').nonGsmCharacters).toEqual(['ש', 'ל', 'ו', 'ם']);
  });

  it('counts extension characters as one unit inside UCS-2 (the calculator bug the reference warns of)', () => {
    const text = `ש${'€'.repeat(69)}`;
    expect(countSegments(text)).toMatchObject({ encoding: 'UCS-2', units: 70, segments: 1 });
  });

  it('counts an emoji as two units and never splits a surrogate pair across parts', () => {
    expect(countSegments('😀')).toMatchObject({ encoding: 'UCS-2', characters: 1, units: 2, segments: 1 });
    const text = `${'ש'.repeat(66)}😀${'ש'.repeat(5)}`;
    expect(countSegments(text).segments).toBe(2);
    const parts = splitSegments(text);
    expect(parts[0]).toBe('ש'.repeat(66));
    expect(parts[1].startsWith('😀')).toBe(true);
  });

  it('strips invisible bidi marks that editors insert', () => {
    expect(stripBidiMarks('\u200fשלום\u200e!')).toBe('שלום!');
  });
});

describe('cost estimate', () => {
  it('multiplies segments by recipients and the per-segment price', async () => {
    const { estimateCost } = await import('./segments.js');
    expect(estimateCost('ש'.repeat(71), 1000, 0.0512)).toEqual({ segmentsPerMessage: 2, totalSegments: 2000, total: 102.4 });
    expect(estimateCost('Hello', 3, 0.01)).toEqual({ segmentsPerMessage: 1, totalSegments: 3, total: 0.03 });
  });
});
