/**
 * The composition root's product: everything a route, a job handler or a CLI command needs, built once
 * per process and passed down explicitly (no globals).
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import type { DbKind } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { Logger } from '../lib/logger.js';
import type { Metrics } from '../lib/metrics.js';
import type { OutboundPolicy } from '../lib/outbound/index.js';

export interface InstanceKeys {
  /** 32 bytes for AES-256-GCM of stored provider secrets. */
  encryptionKey: Buffer;
  /** HMAC key for public tokens (tracking, unsubscribe, confirmation links). */
  signingKey: Buffer;
}

export interface AppContext {
  config: Config;
  db: Kysely<Database>;
  dbKind: DbKind;
  log: Logger;
  metrics: Metrics;
  keys: InstanceKeys;
  /** Sends an operational email (password reset, confirmations). Until SMTP is configured it logs the message. */
  mailer: SystemMailer;
  /** The outbound-request policy every server-side fetch/connect on a user's behalf goes through (server/lib/outbound). */
  outbound: OutboundPolicy;
}

export interface SystemMailer {
  send(msg: { to: string; subject: string; text: string; workspaceId?: number | null }): Promise<void>;
}
