/**
 * Loads every channel adapter so it registers itself (registerChannel). Add one import line per channel; the
 * pipeline and the campaign service import this file, never a channel directly.
 */
import './email/email.adapter.js';
import './whatsapp/whatsapp.adapter.js';
