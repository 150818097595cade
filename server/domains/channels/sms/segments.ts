/** SMS segment counting lives in common/ (the web composer counts live with the same code); re-exported here. */
export * from '../../../../common/sms-segments.js';
