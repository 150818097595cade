/**
 * First-start set-up: the default workspace, the first web user (from CLARION_ADMIN_* or with a printed
 * one-time password), the bootstrap API key, and a sample workspace's demo data.
 */
import type { AppContext } from './context.js';
import { hashPassword, randomToken, sha256 } from '../lib/crypto.js';
import { systemActor } from '../domains/audit/index.js';
import * as authRepo from '../domains/auth/auth.repo.js';
import { createApiKey, createWorkspace } from '../domains/auth/auth.service.js';
import { seedSampleData } from './sample-data.js';

export interface BootstrapResult {
  workspaceId: number;
  createdWorkspace: boolean;
  adminEmail: string | null;
  oneTimePassword: string | null;
}

/**
 * The default workspace as first start makes it, when the instance has no workspace at all. Shared by `start`/`api`
 * and by one-shot roles that need a workspace (`clarion import` on a fresh data folder).
 */
export async function ensureDefaultWorkspace(ctx: AppContext): Promise<{ workspaceId: number; created: boolean }> {
  const { db } = ctx;
  let created = false;
  let ws = await authRepo.findWorkspaceBySlug(db, 'default');
  if (!ws && (await authRepo.countWorkspaces(db)) === 0) {
    ws = await createWorkspace(db, { slug: 'default', name: 'My workspace' }, { userId: null, actor: systemActor('bootstrap') });
    created = true;
  }
  const workspaceId = ws?.id ?? (await db.selectFrom('workspaces').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
  return { workspaceId, created };
}

export async function bootstrap(ctx: AppContext): Promise<BootstrapResult> {
  const { config, db } = ctx;
  const { workspaceId, created: createdWorkspace } = await ensureDefaultWorkspace(ctx);

  let oneTimePassword: string | null = null;
  let adminEmail: string | null = null;
  const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (!anyUser) {
    adminEmail = config.adminEmail ?? 'admin@localhost';
    const password = config.adminPassword ?? (oneTimePassword = randomToken(12));
    const user = await authRepo.insertUser(db, {
      email: adminEmail,
      name: 'Administrator',
      password_hash: await hashPassword(password),
      must_change_password: !config.adminPassword,
    });
    await authRepo.upsertMembership(db, workspaceId, user.id, 'owner');
  }

  if (config.bootstrapApiKey) {
    const exists = await authRepo.findApiKeyByHash(db, sha256(config.bootstrapApiKey));
    if (!exists) {
      await createApiKey(ctx, workspaceId, { name: 'Bootstrap key', role: 'owner', key: config.bootstrapApiKey }, systemActor('bootstrap'), null);
    }
  }

  if (createdWorkspace && config.sampleData) await seedSampleData(ctx, workspaceId);
  return { workspaceId, createdWorkspace, adminEmail, oneTimePassword };
}
