/**
 * The webhook relay's cursor over the shared `events` log (sent, delivered, read, failed, bounce, complaint, open,
 * click, unsubscribe…): the relay turns new rows into outbound webhook events, so channel domains need no change
 * to be heard. One row; the relay locks it FOR UPDATE so one process relays at a time.
 */
export const name = '0141_webhook_relay';

export const up = /* sql */ `
create table webhook_relay_state (
  id int primary key check (id = 1),
  last_event_id bigint not null
);
insert into webhook_relay_state (id, last_event_id) select 1, coalesce(max(id), 0) from events;
`;
