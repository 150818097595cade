/**
 * WhatsApp Cloud API simulator (the "sandbox" connection users demo with and tests run against).
 * Public surface: `createWhatsappSimulator` (embed / tests), `runWhatsappSim` (`clarion sim whatsapp`),
 * plus the helpers receivers use to check signatures the same way.
 */
export { createWhatsappSimulator, type WhatsappSimulator } from './simulator.js';
export { runWhatsappSim, parseSimArgs } from './cli.js';
export { defaultConfig, type SimConfig, type SimOptions, type SimNumber, type SimTier } from './config.js';
export { serializeWebhook, signWebhook } from './webhook-dispatcher.js';
export { ERROR_CATALOGUE } from './graph-errors.js';
