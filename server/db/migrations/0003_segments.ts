/**
 * Segments, groups and the contacts list at a million contacts:
 *  - clarion_num(jsonb): a numeric reading of a custom-field value that yields NULL (never an error) for
 *    non-numbers, so one bad value cannot break a segment; inlinable (SQL, immutable, parallel safe);
 *  - a GIN (jsonb_path_ops) index on contacts.fields: the segment compiler turns equality-like custom-field
 *    conditions (select, boolean, multi-select) into `fields @> {...}`, which this index answers;
 *  - keyset indexes for the list sorted by created_at / updated_at (email and names sort on 0001's
 *    text_pattern_ops prefix indexes).
 */
export const name = '0003_segments';

export const up = /* sql */ `
create or replace function clarion_num(v jsonb) returns numeric
language sql immutable parallel safe as $$
  select case
    when jsonb_typeof(v) = 'number' then (v #>> '{}')::numeric
    when jsonb_typeof(v) = 'string' and (v #>> '{}') ~ '^\\s*[-+]?[0-9]+(\\.[0-9]+)?\\s*$' then btrim(v #>> '{}')::numeric
  end
$$;

create index contacts_fields_gin on contacts using gin (fields jsonb_path_ops) where deleted_at is null;
create index contacts_ws_created on contacts(workspace_id, created_at, id) where deleted_at is null;
create index contacts_ws_updated on contacts(workspace_id, updated_at, id) where deleted_at is null;
`;
