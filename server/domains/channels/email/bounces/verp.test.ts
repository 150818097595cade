import { describe, expect, it } from 'vitest';
import { makeVerpAddress, parseVerpAddress } from './verp.js';

describe('VERP addresses', () => {
  it('round-trips a token', () => {
    const addr = makeVerpAddress('d42.c7.Ab-9_x', 'Bounce.Example.TEST');
    expect(addr).toBe('bounces+d42.c7.Ab-9_x@bounce.example.test');
    expect(parseVerpAddress(addr)).toBe('d42.c7.Ab-9_x');
  });
  it('accepts the forms addresses show up in', () => {
    expect(parseVerpAddress('<bounces+d1.c2@example.test>')).toBe('d1.c2');
    expect(parseVerpAddress('Shop <bounces+d1.c2@example.test>')).toBe('d1.c2');
    expect(parseVerpAddress('rfc822; bounces+d1.c2@example.test')).toBe('d1.c2');
    expect(parseVerpAddress('  BOUNCES+d1.c2@example.test ')).toBe('d1.c2');
  });
  it('rejects other addresses and bad tokens', () => {
    expect(parseVerpAddress('john+news@gmail.test')).toBeNull();
    expect(parseVerpAddress('bounces@example.test')).toBeNull();
    expect(parseVerpAddress('bounces+@example.test')).toBeNull();
    expect(parseVerpAddress('bounces+a/b@example.test')).toBeNull();
    expect(parseVerpAddress('<>')).toBeNull();
    expect(parseVerpAddress('bounces+d1@other.test', ['example.test'])).toBeNull();
    expect(parseVerpAddress('bounces+d1@Example.test', ['example.test'])).toBe('d1');
  });
  it('refuses to build an address from an unsafe token or domain', () => {
    expect(() => makeVerpAddress('a b', 'example.test')).toThrow();
    expect(() => makeVerpAddress('a+b', 'example.test')).toThrow();
    expect(() => makeVerpAddress('ok', 'exa mple.test')).toThrow();
  });
});
