/** Request and response shapes of the accounts API (TypeBox → JSON Schema → validation and OpenAPI). */
import { Type } from '@sinclair/typebox';

export const RoleSchema = Type.Union([Type.Literal('owner'), Type.Literal('manager'), Type.Literal('editor'), Type.Literal('viewer')]);
export const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' });

export const LoginBody = Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });
export const WorkspaceSummary = Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String(), role: RoleSchema });
export const SessionView = Type.Object({
  user: Type.Union([
    Type.Object({ id: Type.Integer(), email: Type.String(), name: Type.String(), mustChangePassword: Type.Optional(Type.Boolean()) }),
    Type.Null(),
  ]),
  apiKey: Type.Union([Type.Object({ id: Type.Integer(), label: Type.String() }), Type.Null()]),
  workspace: Type.Object({
    id: Type.Integer(), slug: Type.String(), name: Type.String(), defaultCountry: Type.String(), timezone: Type.String(), locale: Type.String(),
  }),
  role: RoleSchema,
  csrfToken: Type.Union([Type.String(), Type.Null()]),
  workspaces: Type.Array(WorkspaceSummary),
});
export const SwitchWorkspaceBody = Type.Object({ workspaceId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const ResetRequestBody = Type.Object({ email: Email }, { additionalProperties: false });
export const ResetConfirmBody = Type.Object(
  { token: Type.String({ minLength: 10, maxLength: 200 }), password: Type.String({ minLength: 8, maxLength: 256 }) },
  { additionalProperties: false },
);
export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 8, maxLength: 256 }) },
  { additionalProperties: false },
);
export const WorkspacePatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    defaultCountry: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    locale: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('he')])),
  },
  { additionalProperties: false },
);
export const WorkspaceCreate = Type.Object(
  {
    slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    defaultCountry: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  },
  { additionalProperties: false },
);
export const Member = Type.Object({ id: Type.Integer(), email: Type.String(), name: Type.String(), role: RoleSchema, createdAt: Type.String() });
/** Inviting someone: an address and a role. No password: the person chooses their own on accepting. */
export const InvitationCreate = Type.Object({ email: Email, role: RoleSchema }, { additionalProperties: false });
export const InvitationView = Type.Object({
  id: Type.Integer(), email: Type.String(), role: RoleSchema, status: Type.Union([Type.Literal('pending'), Type.Literal('expired')]),
  invitedAt: Type.String(), invitedBy: Type.Union([Type.String(), Type.Null()]), sentAt: Type.Union([Type.String(), Type.Null()]),
  sendCount: Type.Integer(), expiresAt: Type.String(),
});
/** The answer to inviting or resending: the same whether or not the address has an account. */
export const InvitationSent = Type.Object({
  invitation: InvitationView, mailSent: Type.Boolean(), mailReason: Type.Union([Type.String(), Type.Null()]),
});
export const InvitationToken = Type.Object({ token: Type.String({ minLength: 20, maxLength: 200 }) }, { additionalProperties: false });
export const InvitationLookup = Type.Object({
  workspaceName: Type.String(), email: Type.String(), role: RoleSchema, expiresAt: Type.String(),
  needs: Type.Union([Type.Literal('password'), Type.Literal('sign_in')]),
});
export const InvitationAccept = Type.Object(
  {
    token: Type.String({ minLength: 20, maxLength: 200 }),
    password: Type.Optional(Type.String({ maxLength: 256 })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export const MemberPatch = Type.Object({ role: RoleSchema }, { additionalProperties: false });
export const ApiKeyView = Type.Object({
  id: Type.Integer(), name: Type.String(), prefix: Type.String(), role: RoleSchema, createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]), revokedAt: Type.Union([Type.String(), Type.Null()]),
});
export const ApiKeyCreate = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), role: RoleSchema },
  { additionalProperties: false },
);
export const AuditEntry = Type.Object({
  id: Type.Integer(), actorType: Type.String(), actorId: Type.Union([Type.Integer(), Type.Null()]), actorLabel: Type.String(),
  action: Type.String(), entityType: Type.String(), entityId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()), ip: Type.Union([Type.String(), Type.Null()]), at: Type.String(),
});
export const PreferenceBody = Type.Object({ value: Type.Unknown() }, { additionalProperties: false });
