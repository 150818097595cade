/**
 * Opens the database, applies migrations, loads the instance keys and assembles the AppContext.
 * Every role (start, api, worker, import, migrate) begins here.
 */
import v8 from 'node:v8';
import { randomBytes, createHash } from 'node:crypto';
import type { Config } from '../config/config.js';
import { openDb, type Db } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { ensureInstanceSetting } from '../domains/auth/auth.repo.js';
import { createLogger } from '../lib/logger.js';
import { Metrics } from '../lib/metrics.js';
import { createOutboundPolicy } from '../lib/outbound/index.js';
import type { AppContext, InstanceKeys, SystemMailer } from './context.js';
import { createSmtpMailer, unconfiguredMailer } from '../domains/system-mail/index.js';

export interface Runtime {
  ctx: AppContext;
  handle: Db;
  close(): Promise<void>;
}

export async function createRuntime(config: Config, role: string, opts: { mailer?: SystemMailer } = {}): Promise<Runtime> {
  const log = createLogger(config.logLevel, { role });
  // V8 reads this flag whenever it sets the next full-collection limit, so setting it now takes effect.
  if (config.heapGrowthPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${config.heapGrowthPercent}`);
  const handle = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    lockInfo: { role, port: role === 'start' || role === 'api' ? config.port : undefined },
  });
  await migrate(handle, (m) => log.info(m));
  const keys = await loadInstanceKeys(handle, config);
  const keyWarning = secretKeyWarning(config, handle.kind);
  if (keyWarning) log.warn(keyWarning);
  const ctx: AppContext = {
    config,
    db: handle.db,
    dbKind: handle.kind,
    log,
    metrics: new Metrics(),
    keys,
    outbound: createOutboundPolicy({ allow: config.outboundAllow }),
    mailer: opts.mailer ?? (config.systemMail ? createSmtpMailer(config.systemMail) : unconfiguredMailer),
  };
  return {
    ctx,
    handle,
    close: async () => {
      ctx.mailer.close?.();
      await handle.close();
    },
  };
}

/**
 * Issue 10 §5: on PostgreSQL without CLARION_SECRET_KEY the generated master secret is stored in the same database
 * as the secrets it encrypts, so a database dump or backup exposes both. Said loudly at every start.
 */
export function secretKeyWarning(config: Pick<Config, 'secretKey'>, kind: string): string | null {
  if (config.secretKey || kind !== 'postgres') return null;
  return 'SECURITY WARNING: CLARION_SECRET_KEY is not set, so the key protecting stored secrets (SMTP passwords, DKIM keys, WhatsApp tokens) lives in the same database as those secrets; anyone with a dump or backup of the database can read them. Set CLARION_SECRET_KEY (64 hex characters, kept outside the database) — see docs/configuration.md.';
}

/**
 * The master secret comes from CLARION_SECRET_KEY or, when unset, is generated once and kept in the
 * database so every process sharing it agrees. Encryption and signing keys are derived from it.
 */
async function loadInstanceKeys(handle: Db, config: Config): Promise<InstanceKeys> {
  const master = config.secretKey
    ? Buffer.from(config.secretKey, /^[0-9a-fA-F]{64}$/.test(config.secretKey) ? 'hex' : 'base64')
    : Buffer.from(await ensureInstanceSetting(handle.db, 'master_secret', randomBytes(32).toString('base64')), 'base64');
  const derive = (label: string) => createHash('sha256').update(master).update(label).digest();
  return { encryptionKey: derive('clarion:encryption:v1'), signingKey: derive('clarion:signing:v1') };
}
