import { describe, expect, it } from 'vitest';
import { isOptOutEvidence, matchComplianceKeyword, normaliseInbound } from './keywords.js';

describe('compliance keywords on inbound messages', () => {
  it('matches exactly one word, case-insensitive, with punctuation and bidi marks stripped', () => {
    expect(matchComplianceKeyword('stop')).toBe('opt_out');
    expect(matchComplianceKeyword('  Stop!! ')).toBe('opt_out');
    expect(matchComplianceKeyword('\u200fהסר\u200f')).toBe('opt_out');
    expect(matchComplianceKeyword('הסרה.')).toBe('opt_out');
    expect(matchComplianceKeyword('ＳＴＯＰ')).toBe('opt_out'); // full-width, folded by NFKC
    expect(matchComplianceKeyword('STOP PLEASE')).toBeNull();
    expect(matchComplianceKeyword('stop all')).toBeNull();
    expect(matchComplianceKeyword('start')).toBe('opt_in');
    expect(matchComplianceKeyword('help?')).toBe('help');
    expect(matchComplianceKeyword('')).toBeNull();
  });

  it('accepts extra per-workspace words', () => {
    expect(matchComplianceKeyword('להסרה')).toBeNull();
    expect(matchComplianceKeyword('להסרה', { optOut: ['להסרה'] })).toBe('opt_out');
  });

  it('normalises whitespace for scenario matching', () => {
    expect(normaliseInbound('  שלום   עולם\n')).toBe('שלום עולם');
  });

  it('treats gateway signals as opt-out evidence', () => {
    expect(isOptOutEvidence({ optOutType: 'STOP' })).toBe(true);
    expect(isOptOutEvidence({ errorCode: '21610' })).toBe(true);
    expect(isOptOutEvidence({ errorCode: 131050 })).toBe(true);
    expect(isOptOutEvidence({ errorCode: 30003 })).toBe(false);
    expect(isOptOutEvidence({ optOutType: 'HELP' })).toBe(false);
  });
});
