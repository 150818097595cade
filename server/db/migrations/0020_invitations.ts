/**
 * Invitations replace inviter-chosen passwords (issue 10 §1). Adding a member now stores an invitation whose
 * single-use token is emailed to the person and kept here only as its SHA-256; the account is created, or an
 * existing one joins, when the person accepts. At most one pending invitation per workspace and address.
 */
export const name = '0020_invitations';

export const up = /* sql */ `
create table invitations (
  id bigint generated always as identity primary key,
  workspace_id bigint not null references workspaces(id) on delete cascade,
  email text not null,
  role text not null check (role in ('owner','manager','editor','viewer')),
  token_hash text not null unique,
  invited_by bigint references users(id) on delete set null,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  send_count integer not null default 0,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by bigint references users(id) on delete set null,
  revoked_at timestamptz
);
create unique index invitations_pending on invitations(workspace_id, email) where accepted_at is null and revoked_at is null;
`;
