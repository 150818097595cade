/**
 * Configuration: defaults, then environment variables, then command-line flags (`--port 9000` overrides
 * PORT). Read once at boot and validated; a bad value stops start-up with one line naming the variable.
 * This is the only module that reads process.env.
 */
import path from 'node:path';
import { parseAllowList } from '../lib/outbound/policy.js';

export interface Config {
  /** Folder of the embedded database (PGlite), uploads and the instance lock. CLARION_DATA_DIR. */
  dataDir: string;
  /** postgres://… switches from embedded PGlite to a PostgreSQL server. DATABASE_URL. */
  databaseUrl: string | null;
  /** HTTP port (PORT, default 8080) and bind address (HOST, default 0.0.0.0). */
  port: number;
  host: string;
  /** Base URL people and mail clients reach this instance on (tracking, unsubscribe, reset links). CLARION_PUBLIC_URL. */
  publicUrl: string;
  /** Hex or base64 32-byte key for encrypting stored secrets and signing tokens; generated and kept in the DB when unset. CLARION_SECRET_KEY. */
  secretKey: string | null;
  /** On first start: the default workspace gets an owner API key with this value. CLARION_BOOTSTRAP_API_KEY. */
  bootstrapApiKey: string | null;
  /** On first start: the first web user. CLARION_ADMIN_EMAIL / CLARION_ADMIN_PASSWORD. */
  adminEmail: string | null;
  adminPassword: string | null;
  /** Seed the sample workspace with demo contacts on first start. CLARION_SAMPLE_DATA (default true). */
  sampleData: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Largest JSON request body in bytes (CLARION_MAX_BODY_BYTES, default 10 MiB); uploads stream and are not bound by it. */
  maxBodyBytes: number;
  /** Largest uploaded file in bytes (CLARION_MAX_UPLOAD_BYTES, default 2 GiB). */
  maxUploadBytes: number;
  /** Requests per minute per API key or session (CLARION_RATE_LIMIT, default 1200). */
  rateLimitPerMinute: number;
  /** Jobs a worker process runs at once (CLARION_WORKER_CONCURRENCY, default 4). */
  workerConcurrency: number;
  /** Session lifetime in hours (CLARION_SESSION_HOURS, default 336 = 14 days). */
  sessionHours: number;
  /** How long temporary sending failures (4xx, connection refused) are retried, in hours (CLARION_RETRY_HOURS, default 48). */
  retryHours: number;
  /** Port of the built-in SMTP bounce receiver run by workers (CLARION_BOUNCE_SMTP_PORT; unset = off) and its bind address (CLARION_BOUNCE_SMTP_HOST, default 0.0.0.0). */
  bounceSmtpPort: number | null;
  bounceSmtpHost: string;
  /**
   * How far V8 lets the JavaScript heap grow past its live size before a full collection, in percent
   * (CLARION_HEAP_GROWTH; 0 = V8's own adaptive factor, up to 300%). Default 50 on the embedded database, whose
   * process also holds PostgreSQL's memory: with V8's factor a 1M-row import held ~200 MB of garbage at its peak.
   * Default 0 with PostgreSQL, where the tighter limit only costs CPU (more full collections).
   */
  heapGrowthPercent: number;
  /**
   * Internal targets the server may still fetch or connect to (CLARION_OUTBOUND_ALLOW: comma-separated host names,
   * `*.suffix`, IP addresses or CIDR ranges; empty = none). Everything else must be a public internet address.
   */
  outboundAllow: string[];
  /** Bearer token /metrics requires on the main port (CLARION_METRICS_TOKEN, at least 16 characters); unset = /metrics is not served there. */
  metricsToken: string | null;
  /** A separate `host:port` that serves only /metrics, without a token (CLARION_METRICS_LISTEN, e.g. 127.0.0.1:9464); unset = none. */
  metricsListen: { host: string; port: number } | null;
  /**
   * The instance's own SMTP server for system mail (invitations, password resets, sign-in notices, alerts):
   * CLARION_SYSTEM_SMTP_HOST, _PORT (default 587), _TLS (`starttls` default, `tls`, `none`), _USER, _PASSWORD,
   * and CLARION_SYSTEM_MAIL_FROM. Null when unset: such mail is then not sent, and start-up and the UI say so.
   */
  systemMail: SystemMailConfig | null;
  /** Development only: print the links of system mails (invitation, reset) to the terminal. CLARION_DEV_PRINT_LINKS. */
  devPrintLinks: boolean;
  /**
   * Proxy addresses whose X-Forwarded-For is believed (comma-separated IPs, CIDRs or `loopback`,
   * `linklocal`, `uniquelocal`). CLARION_TRUST_PROXY; unset = trust no proxy, the socket address is the client.
   */
  trustProxy: string[] | false;
  /** Password hashes computed at once by this process (CLARION_PASSWORD_HASH_CONCURRENCY, default 2); more wait, and a full queue answers 503. */
  passwordHashConcurrency: number;
}

export interface SystemMailConfig {
  host: string;
  port: number;
  /** `tls`: TLS from the first byte (port 465); `starttls`: upgrade required; `none`: plain (a loopback relay only). */
  tls: 'tls' | 'starttls' | 'none';
  user: string | null;
  password: string | null;
  from: string;
}

export class ConfigError extends Error {}

type Source = Record<string, string | undefined>;

const parsers = {
  int(name: string, raw: string, min: number, max: number): number {
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || n < min || n > max) {
      throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
    }
    return n;
  },
  bool(name: string, raw: string): boolean {
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    throw new ConfigError(`${name} must be true or false (got "${raw}")`);
  },
  url(name: string, raw: string, protocols: string[]): string {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new ConfigError(`${name} must be a URL (got "${raw}")`);
    }
    if (!protocols.includes(u.protocol)) {
      throw new ConfigError(`${name} must start with ${protocols.map((p) => p + '//').join(' or ')} (got "${u.protocol}//…")`);
    }
    return raw.replace(/\/+$/, '');
  },
};

/** Maps `--data-dir x` / `--port=9000` flags onto their environment variable names. */
const FLAG_TO_ENV: Record<string, string> = {
  'data-dir': 'CLARION_DATA_DIR',
  'database-url': 'DATABASE_URL',
  port: 'PORT',
  host: 'HOST',
  'public-url': 'CLARION_PUBLIC_URL',
  'log-level': 'LOG_LEVEL',
  concurrency: 'CLARION_WORKER_CONCURRENCY',
  'sample-data': 'CLARION_SAMPLE_DATA',
};

/** Splits argv into config flags (consumed) and the rest (left for the role). */
export function extractConfigFlags(argv: string[]): { flags: Source; rest: string[] } {
  const flags: Source = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    const env = m ? FLAG_TO_ENV[m[1]] : undefined;
    if (!m || !env) {
      rest.push(argv[i]);
      continue;
    }
    flags[env] = m[2] ?? argv[++i];
  }
  return { flags, rest };
}

/** Builds and validates the configuration; throws ConfigError with one line naming the variable. */
export function loadConfig(env: Source = process.env, flags: Source = {}, cwd = process.cwd()): Config {
  const src: Source = { ...env, ...flags };
  const get = (k: string) => {
    const v = src[k];
    return v === undefined || v === '' ? undefined : v;
  };
  const port = get('PORT') ? parsers.int('PORT', get('PORT')!, 1, 65535) : 8080;
  const logLevel = (get('LOG_LEVEL') ?? 'info') as Config['logLevel'];
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of debug, info, warn, error (got "${logLevel}")`);
  }
  const adminEmail = get('CLARION_ADMIN_EMAIL') ?? null;
  const adminPassword = get('CLARION_ADMIN_PASSWORD') ?? null;
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError('CLARION_ADMIN_EMAIL and CLARION_ADMIN_PASSWORD must be set together');
  }
  if (adminEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) {
    throw new ConfigError(`CLARION_ADMIN_EMAIL must be an email address (got "${adminEmail}")`);
  }
  if (adminPassword && adminPassword.length < 8) throw new ConfigError('CLARION_ADMIN_PASSWORD must be at least 8 characters');
  const bootstrapApiKey = get('CLARION_BOOTSTRAP_API_KEY') ?? null;
  if (bootstrapApiKey && bootstrapApiKey.length < 16) {
    throw new ConfigError('CLARION_BOOTSTRAP_API_KEY must be at least 16 characters');
  }
  const secretKey = get('CLARION_SECRET_KEY') ?? null;
  if (secretKey && !/^([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/.test(secretKey)) {
    throw new ConfigError('CLARION_SECRET_KEY must be 32 bytes as 64 hex characters or base64');
  }
  const outboundAllow = (get('CLARION_OUTBOUND_ALLOW') ?? '').split(/[\s,]+/).filter(Boolean);
  try {
    parseAllowList(outboundAllow);
  } catch (err) {
    throw new ConfigError(`CLARION_OUTBOUND_ALLOW: ${(err as Error).message}`);
  }
  const metricsToken = get('CLARION_METRICS_TOKEN') ?? null;
  if (metricsToken && metricsToken.length < 16) throw new ConfigError('CLARION_METRICS_TOKEN must be at least 16 characters');
  let metricsListen: Config['metricsListen'] = null;
  const ml = get('CLARION_METRICS_LISTEN');
  if (ml) {
    const m = /^(\[[0-9a-fA-F:]+\]|[^:]+):(\d{1,5})$/.exec(ml.trim());
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new ConfigError(`CLARION_METRICS_LISTEN must be host:port, e.g. 127.0.0.1:9464 (got "${ml}")`);
    metricsListen = { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
  }
  return {
    outboundAllow,
    metricsToken,
    metricsListen,
    systemMail: systemMailFrom(get),
    devPrintLinks: get('CLARION_DEV_PRINT_LINKS') ? parsers.bool('CLARION_DEV_PRINT_LINKS', get('CLARION_DEV_PRINT_LINKS')!) : false,
    trustProxy: trustProxyFrom(get('CLARION_TRUST_PROXY')),
    passwordHashConcurrency: get('CLARION_PASSWORD_HASH_CONCURRENCY')
      ? parsers.int('CLARION_PASSWORD_HASH_CONCURRENCY', get('CLARION_PASSWORD_HASH_CONCURRENCY')!, 1, 64)
      : 2,
    dataDir: path.resolve(cwd, get('CLARION_DATA_DIR') ?? 'data'),
    databaseUrl: get('DATABASE_URL') ? parsers.url('DATABASE_URL', get('DATABASE_URL')!, ['postgres:', 'postgresql:']) : null,
    port,
    host: get('HOST') ?? '0.0.0.0',
    publicUrl: get('CLARION_PUBLIC_URL')
      ? parsers.url('CLARION_PUBLIC_URL', get('CLARION_PUBLIC_URL')!, ['http:', 'https:'])
      : `http://localhost:${port}`,
    secretKey,
    bootstrapApiKey,
    adminEmail: adminEmail?.trim().toLowerCase() ?? null,
    adminPassword,
    sampleData: get('CLARION_SAMPLE_DATA') ? parsers.bool('CLARION_SAMPLE_DATA', get('CLARION_SAMPLE_DATA')!) : true,
    logLevel,
    maxBodyBytes: get('CLARION_MAX_BODY_BYTES')
      ? parsers.int('CLARION_MAX_BODY_BYTES', get('CLARION_MAX_BODY_BYTES')!, 1024, 1024 ** 3)
      : 10 * 1024 * 1024,
    maxUploadBytes: get('CLARION_MAX_UPLOAD_BYTES')
      ? parsers.int('CLARION_MAX_UPLOAD_BYTES', get('CLARION_MAX_UPLOAD_BYTES')!, 1024, 64 * 1024 ** 3)
      : 2 * 1024 ** 3,
    rateLimitPerMinute: get('CLARION_RATE_LIMIT') ? parsers.int('CLARION_RATE_LIMIT', get('CLARION_RATE_LIMIT')!, 1, 10_000_000) : 1200,
    workerConcurrency: get('CLARION_WORKER_CONCURRENCY')
      ? parsers.int('CLARION_WORKER_CONCURRENCY', get('CLARION_WORKER_CONCURRENCY')!, 1, 256)
      : 4,
    sessionHours: get('CLARION_SESSION_HOURS') ? parsers.int('CLARION_SESSION_HOURS', get('CLARION_SESSION_HOURS')!, 1, 24 * 365) : 336,
    retryHours: get('CLARION_RETRY_HOURS') ? parsers.int('CLARION_RETRY_HOURS', get('CLARION_RETRY_HOURS')!, 1, 24 * 30) : 48,
    bounceSmtpPort: get('CLARION_BOUNCE_SMTP_PORT') ? parsers.int('CLARION_BOUNCE_SMTP_PORT', get('CLARION_BOUNCE_SMTP_PORT')!, 1, 65535) : null,
    bounceSmtpHost: get('CLARION_BOUNCE_SMTP_HOST') ?? '0.0.0.0',
    heapGrowthPercent: get('CLARION_HEAP_GROWTH') ? parsers.int('CLARION_HEAP_GROWTH', get('CLARION_HEAP_GROWTH')!, 0, 1000) : get('DATABASE_URL') ? 0 : 50,
  };
}

function systemMailFrom(get: (k: string) => string | undefined): SystemMailConfig | null {
  const host = get('CLARION_SYSTEM_SMTP_HOST');
  const from = get('CLARION_SYSTEM_MAIL_FROM');
  if (!host) {
    if (from || get('CLARION_SYSTEM_SMTP_USER')) throw new ConfigError('CLARION_SYSTEM_SMTP_HOST must be set with the other CLARION_SYSTEM_* variables');
    return null;
  }
  if (!from) throw new ConfigError('CLARION_SYSTEM_MAIL_FROM must be set with CLARION_SYSTEM_SMTP_HOST (e.g. "Clarion <no-reply@example.com>")');
  if (!/[^\s@<]+@[^\s@>]+\.[^\s@>]+/.test(from)) throw new ConfigError(`CLARION_SYSTEM_MAIL_FROM must contain an email address (got "${from}")`);
  const tls = (get('CLARION_SYSTEM_SMTP_TLS') ?? 'starttls').toLowerCase();
  if (tls !== 'tls' && tls !== 'starttls' && tls !== 'none') {
    throw new ConfigError(`CLARION_SYSTEM_SMTP_TLS must be tls, starttls or none (got "${tls}")`);
  }
  const user = get('CLARION_SYSTEM_SMTP_USER') ?? null;
  const password = get('CLARION_SYSTEM_SMTP_PASSWORD') ?? null;
  if ((user === null) !== (password === null)) throw new ConfigError('CLARION_SYSTEM_SMTP_USER and CLARION_SYSTEM_SMTP_PASSWORD must be set together');
  const port = get('CLARION_SYSTEM_SMTP_PORT') ? parsers.int('CLARION_SYSTEM_SMTP_PORT', get('CLARION_SYSTEM_SMTP_PORT')!, 1, 65535) : tls === 'tls' ? 465 : 587;
  return { host, port, tls, user, password, from };
}

const PROXY_KEYWORDS = ['loopback', 'linklocal', 'uniquelocal'];

/** CLARION_TRUST_PROXY: a list of addresses, never a blanket "true" (that lets any client spoof its address). */
function trustProxyFrom(raw: string | undefined): string[] | false {
  if (raw === undefined) return false;
  const v = raw.trim().toLowerCase();
  if (['false', 'no', 'off', '0'].includes(v)) return false;
  if (['true', 'yes', 'on', '1', '*'].includes(v)) {
    throw new ConfigError('CLARION_TRUST_PROXY must list the proxy addresses (e.g. "10.0.0.5,loopback"), not "true": any client could then choose its own address');
  }
  const parts = raw.split(',').map((p) => p.trim()).filter(Boolean);
  for (const p of parts) {
    if (!PROXY_KEYWORDS.includes(p.toLowerCase()) && !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(p)) {
      throw new ConfigError(`CLARION_TRUST_PROXY: "${p}" is not an IP address, a CIDR range or one of ${PROXY_KEYWORDS.join(', ')}`);
    }
  }
  return parts.length ? parts : false;
}
