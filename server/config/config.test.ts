import { describe, expect, it } from 'vitest';
import { ConfigError, extractConfigFlags, loadConfig } from './config.js';

describe('configuration', () => {
  it('uses defaults: embedded database in ./data, port 8080', () => {
    const c = loadConfig({}, {}, '/srv/clarion');
    expect(c.dataDir).toBe('/srv/clarion/data');
    expect(c.databaseUrl).toBeNull();
    expect(c.port).toBe(8080);
    expect(c.publicUrl).toBe('http://localhost:8080');
    expect(c.heapGrowthPercent).toBe(50); // the embedded database lives in this process: a tighter heap
    expect(loadConfig({ DATABASE_URL: 'postgres://db/clarion' }).heapGrowthPercent).toBe(0);
    expect(loadConfig({ CLARION_HEAP_GROWTH: '0' }).heapGrowthPercent).toBe(0);
  });

  it('lets flags override the environment', () => {
    const { flags, rest } = extractConfigFlags(['--port', '9001', '--data-dir=/tmp/x', 'FILE.csv', '--group', 'VIP']);
    expect(rest).toEqual(['FILE.csv', '--group', 'VIP']);
    const c = loadConfig({ PORT: '9000' }, flags);
    expect(c.port).toBe(9001);
    expect(c.dataDir).toBe('/tmp/x');
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT must be an integer between 1 and 65535 \(got "abc"\)$/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of/],
    [{ CLARION_ADMIN_EMAIL: 'a@b.co' }, /CLARION_ADMIN_EMAIL and CLARION_ADMIN_PASSWORD must be set together/],
    [{ CLARION_BOOTSTRAP_API_KEY: 'short' }, /^CLARION_BOOTSTRAP_API_KEY must be at least 16 characters$/],
    [{ CLARION_SAMPLE_DATA: 'maybe' }, /^CLARION_SAMPLE_DATA must be true or false/],
    [{ CLARION_HEAP_GROWTH: '-5' }, /^CLARION_HEAP_GROWTH must be an integer between 0 and 1000/],
  ])('rejects %o with one line naming the variable', (env, message) => {
    let err: unknown;
    try {
      loadConfig(env as Record<string, string>);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });

  it('reads system mail from CLARION_SYSTEM_*; unset means none, and half a setting is refused', () => {
    expect(loadConfig({}).systemMail).toBeNull();
    expect(loadConfig({}).devPrintLinks).toBe(false);
    const c = loadConfig({ CLARION_SYSTEM_SMTP_HOST: 'smtp.example.com', CLARION_SYSTEM_MAIL_FROM: 'Clarion <no-reply@example.com>' });
    expect(c.systemMail).toEqual({ host: 'smtp.example.com', port: 587, tls: 'starttls', user: null, password: null, from: 'Clarion <no-reply@example.com>' });
    expect(loadConfig({ CLARION_SYSTEM_SMTP_HOST: 'h', CLARION_SYSTEM_MAIL_FROM: 'a@b.co', CLARION_SYSTEM_SMTP_TLS: 'tls' }).systemMail!.port).toBe(465);
    expect(() => loadConfig({ CLARION_SYSTEM_SMTP_HOST: 'h' })).toThrow(/CLARION_SYSTEM_MAIL_FROM/);
    expect(() => loadConfig({ CLARION_SYSTEM_MAIL_FROM: 'a@b.co' })).toThrow(/CLARION_SYSTEM_SMTP_HOST/);
    expect(() => loadConfig({ CLARION_SYSTEM_SMTP_HOST: 'h', CLARION_SYSTEM_MAIL_FROM: 'a@b.co', CLARION_SYSTEM_SMTP_USER: 'u' })).toThrow(/PASSWORD/);
    expect(() => loadConfig({ CLARION_SYSTEM_SMTP_HOST: 'h', CLARION_SYSTEM_MAIL_FROM: 'a@b.co', CLARION_SYSTEM_SMTP_TLS: 'ssl' })).toThrow(/CLARION_SYSTEM_SMTP_TLS/);
  });

  it('trusts no proxy by default and only listed proxy addresses when configured', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ CLARION_TRUST_PROXY: '10.0.0.5, 192.168.0.0/16,loopback' }).trustProxy).toEqual(['10.0.0.5', '192.168.0.0/16', 'loopback']);
    expect(() => loadConfig({ CLARION_TRUST_PROXY: 'true' })).toThrow(/must list the proxy addresses/);
    expect(() => loadConfig({ CLARION_TRUST_PROXY: 'proxy.internal' })).toThrow(/not an IP address/);
  });
});
