/**
 * Temporary failures are retried over a period (48 hours by default, as mail servers do), not a number of
 * attempts: a delivery remembers when it was first handed to a provider, and the pipeline gives up once the next
 * attempt would fall outside the period (server/domains/deliveries/pipeline.ts, docs/sending.md "Faults").
 */
export const name = '0100_delivery_retry_window';

export const up = /* sql */ `
alter table deliveries add column if not exists first_attempt_at timestamptz;
`;
