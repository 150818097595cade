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
  /**
   * The transport of system mail (invitations, password resets, notices). Call it through
   * `sendSystemMail` (server/domains/system-mail/), which handles the unconfigured case and logging.
   */
  mailer: SystemMailer;
  /** The outbound-request policy every server-side fetch/connect on a user's behalf goes through (server/lib/outbound). */
  outbound: OutboundPolicy;
}

export interface SystemMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The message's one action link: printed to the terminal only when CLARION_DEV_PRINT_LINKS is set. */
  devLink?: string;
  workspaceId?: number | null;
}

/** Whether a system mail left; `reason` says why not (never provider text). */
export interface SystemMailResult {
  sent: boolean;
  reason?: 'not_configured' | 'connection_failed' | 'auth_failed' | 'tls_failed' | 'timeout' | 'rejected' | 'smtp_error';
}

export interface SystemMailer {
  /** False when no SMTP server is configured: send then always answers `not_configured`. */
  configured: boolean;
  send(msg: SystemMail): Promise<SystemMailResult>;
  close?(): void;
}
