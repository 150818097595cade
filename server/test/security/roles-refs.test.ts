/**
 * Issue 10 §5, over real HTTP: a manager cannot revoke an owner's API key; the WhatsApp verify token is shown only
 * to roles that manage numbers; ids of another workspace written into a campaign (sender identity, SMTP servers,
 * WhatsApp number and template, audience groups) and unknown settings keys are refused with a 400 naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../domains/auth/auth.service.js';
import { systemActor } from '../../domains/audit/index.js';
import { startTestApp, type TestApp } from '../app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('API keys and roles', () => {
  it('a manager cannot revoke an owner key but can revoke an editor key; an owner can revoke both', async () => {
    const ws = await t.workspace(undefined, 'owner');
    const manager = await createApiKey(t.ctx, ws.id, { name: 'mgr', role: 'manager' }, systemActor('test'), null);
    const ownerKey = await createApiKey(t.ctx, ws.id, { name: 'own', role: 'owner' }, systemActor('test'), null);
    const editorKey = await createApiKey(t.ctx, ws.id, { name: 'ed', role: 'editor' }, systemActor('test'), null);
    const refused = await t.api('DELETE', `/api/v1/api-keys/${ownerKey.id}`, { key: manager.key });
    expect(refused.status).toBe(403);
    // the owner key still works
    expect((await t.api('GET', '/api/v1/contacts', { key: ownerKey.key })).status).toBe(200);
    expect((await t.api('DELETE', `/api/v1/api-keys/${editorKey.id}`, { key: manager.key })).status).toBe(204);
    expect((await t.api('DELETE', `/api/v1/api-keys/${ownerKey.id}`, { key: ws.key })).status).toBe(204);
    expect((await t.api('GET', '/api/v1/contacts', { key: ownerKey.key })).status).toBe(401);
  });
  it('a manager cannot revoke an owner key of another workspace either (404, nothing revealed)', async () => {
    const a = await t.workspace();
    const b = await t.workspace();
    const mgr = await createApiKey(t.ctx, a.id, { name: 'mgr', role: 'manager' }, systemActor('test'), null);
    const other = await createApiKey(t.ctx, b.id, { name: 'own', role: 'owner' }, systemActor('test'), null);
    expect((await t.api('DELETE', `/api/v1/api-keys/${other.id}`, { key: mgr.key })).status).toBe(404);
  });
});

describe('WhatsApp verify token', () => {
  it('is returned to managers and owners, null to editors and viewers', async () => {
    const ws = await t.workspace();
    const made = await t.api('POST', '/api/v1/whatsapp/numbers', {
      key: ws.key,
      body: { wabaId: '111', phoneNumberId: '222', accessToken: 'tok-secret-value', appSecret: 'app-secret', verifyToken: 'verify-me-123' },
    });
    expect(made.status).toBe(201);
    expect(made.body.data.verifyToken).toBe('verify-me-123');
    for (const role of ['viewer', 'editor'] as const) {
      const k = await createApiKey(t.ctx, ws.id, { name: role, role }, systemActor('test'), null);
      const list = await t.api('GET', '/api/v1/whatsapp/numbers', { key: k.key });
      expect(list.status).toBe(200);
      expect(list.body.data[0].verifyToken, role).toBeNull();
      const one = await t.api('GET', `/api/v1/whatsapp/numbers/${made.body.data.id}`, { key: k.key });
      expect(one.body.data.verifyToken, role).toBeNull();
      expect(JSON.stringify([list.body, one.body])).not.toContain('verify-me-123');
    }
    const mgr = await createApiKey(t.ctx, ws.id, { name: 'm', role: 'manager' }, systemActor('test'), null);
    expect((await t.api('GET', '/api/v1/whatsapp/numbers', { key: mgr.key })).body.data[0].verifyToken).toBe('verify-me-123');
  });
});

describe('ids of other workspaces in a campaign', () => {
  it('are refused with 400 naming the field, on create and on update; own ids are accepted', async () => {
    const mine = await t.workspace();
    const theirs = await t.workspace();
    const db = t.ctx.db;
    const idOther = await db.insertInto('sender_identities').values({ workspace_id: theirs.id, from_name: 'X', from_address: 'x@example.com', reply_to: null }).returning('id').executeTakeFirstOrThrow();
    const idMine = await db.insertInto('sender_identities').values({ workspace_id: mine.id, from_name: 'M', from_address: 'm@example.com', reply_to: null }).returning('id').executeTakeFirstOrThrow();
    const smtpOther = await db.insertInto('smtp_servers').values({ workspace_id: theirs.id, name: 's', host: 'smtp.example.com', username: null, password_enc: null, messages_per_second: null }).returning('id').executeTakeFirstOrThrow();
    const groupOther = await t.api('POST', '/api/v1/groups', { key: theirs.key, body: { name: 'theirs' } });
    expect(groupOther.status).toBe(201);
    const waOther = await t.api('POST', '/api/v1/whatsapp/numbers', { key: theirs.key, body: { wabaId: '9', phoneNumberId: '8', accessToken: 't', appSecret: 'a' } });
    expect(waOther.status).toBe(201);

    const cases: [Record<string, unknown>, string][] = [
      [{ settings: { senderIdentityId: idOther.id } }, 'settings.senderIdentityId'],
      [{ settings: { smtpServerIds: [smtpOther.id] } }, 'settings.smtpServerIds'],
      [{ settings: { connectionId: waOther.body.data.id } }, 'settings.connectionId'],
      [{ settings: { bogusKey: true } }, 'settings.bogusKey'],
      [{ audience: { include: { groups: [groupOther.body.data.id] } } }, 'audience.include.groups'],
      [{ content: { waTemplateId: 987654 } }, 'content.waTemplateId'],
    ];
    for (const [body, field] of cases) {
      const r = await t.api('POST', '/api/v1/campaigns', { key: mine.key, body: { name: 'c', ...body } });
      expect(r.status, field).toBe(400);
      expect(r.body.error.field, field).toBe(field);
    }
    const ok = await t.api('POST', '/api/v1/campaigns', { key: mine.key, body: { name: 'c', settings: { senderIdentityId: idMine.id, trackOpens: false } } });
    expect(ok.status).toBe(201);
    const upd = await t.api('PATCH', `/api/v1/campaigns/${ok.body.data.id}`, { key: mine.key, body: { settings: { senderIdentityId: idOther.id } } });
    expect(upd.status).toBe(400);
    expect(upd.body.error.field).toBe('settings.senderIdentityId');
    const after = await t.api('GET', `/api/v1/campaigns/${ok.body.data.id}`, { key: mine.key });
    expect(after.body.data.settings.senderIdentityId).toBe(idMine.id);
  });
});

describe('start-up warning without CLARION_SECRET_KEY', () => {
  it('warns on PostgreSQL when the key is unset, and not when it is set or on the embedded database', async () => {
    const { secretKeyWarning } = await import('../../app/runtime.js');
    expect(secretKeyWarning({ secretKey: null }, 'postgres')).toContain('CLARION_SECRET_KEY');
    expect(secretKeyWarning({ secretKey: 'a'.repeat(64) }, 'postgres')).toBeNull();
    expect(secretKeyWarning({ secretKey: null }, 'pglite')).toBeNull();
  });
});
