/**
 * The ordered list of migrations. Each module exports `name` and `up` (SQL). Add new ones at the end;
 * never edit one that has shipped.
 */
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_contacts.js';
import * as m0003 from './0003_segments.js';
import * as m0005 from './0005_campaigns.js';
import * as m0006 from './0006_sending.js';
import * as m0007 from './0007_whatsapp.js';
import * as m0008 from './0008_whatsapp_campaigns.js';
import * as m0009 from './0009_tracking.js';
import * as m0010 from './0010_import_speed.js';
import * as m0011 from './0011_import_cascades.js';
import * as m0012 from './0012_import_consent.js';
import * as m0070 from './0070_forms.js';
import * as m0100 from './0100_delivery_retry_window.js';
import * as m0135 from './0135_import_merges.js';
import * as m0020 from './0020_invitations.js';
import * as m0021 from './0021_login_throttle.js';
import * as m0040 from './0040_coded_reasons.js';
import * as m0060 from './0060_messages.js';
import * as m0035 from './0035_whatsapp_webhook_fields.js';
import * as m0140 from './0140_webhooks.js';
import * as m0141 from './0141_webhook_relay.js';

export interface Migration {
  name: string;
  up: string;
}

// One entry per line (append at the end), so migrations added on parallel branches merge cleanly.
export const migrations: Migration[] = [
  m0001,
  m0002,
  m0003,
  m0005,
  m0006,
  m0007,
  m0008,
  m0009,
  m0010,
  m0011,
  m0012,
  m0070,
  m0100,
  m0020,
  m0021,
  m0040,
  m0060,
  m0035,
  m0135,
  m0140,
  m0141,
];
