/**
 * In-file duplicates merged by an import: which line was merged into which (the import report lists them).
 */
export const name = '0135_import_merges';

export const up = /* sql */ `
create table if not exists import_merges (
  workspace_id bigint not null references workspaces(id) on delete cascade,
  import_id bigint not null references imports(id) on delete cascade,
  line bigint not null,
  into_line bigint not null,
  primary key (import_id, line)
);
`;
