/**
 * SMS gateway simulator (Twilio-compatible): `createSmsSimulator` (embed / tests), `runSmsSim` (`clarion sim sms`).
 */
export { createSmsSimulator, type SmsSimulator } from './simulator.js';
export { runSmsSim, parseSmsSimArgs } from './cli.js';
export { defaultSmsConfig, type SmsSimConfig, type SmsSimOptions } from './config.js';
