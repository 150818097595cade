/**
 * Login throttling held in the database, so every API process sees the same count (issue 10 §3). One row
 * per key (`account:<email>`, `ip:<address>`, `reset:<email>`): failures in the current run, when the last one
 * was, until when further attempts are refused, and when the account was last told about them by email.
 */
export const name = '0021_login_throttle';

export const up = /* sql */ `
create table login_throttle (
  key text primary key,
  failures integer not null default 0,
  last_failure_at timestamptz not null default now(),
  blocked_until timestamptz,
  notified_at timestamptz
);
create index login_throttle_last on login_throttle(last_failure_at);
`;
