import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { startTestApp, type TestApp } from '../../test/app.js';
import { signRenderTime } from './spam.js';

let t: TestApp;
let ws: { id: number; key: string };
let groupId: number;

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
  groupId = (await t.api('POST', '/api/v1/groups', { key: ws.key, body: { name: 'Event' } })).body.data.id;
});
afterAll(() => t.close());

const definition = (groupIds: number[]) => ({
  languages: ['en', 'he'],
  title: { en: 'Join the event', he: 'הרשמה לאירוע' },
  fields: [
    { key: 'email', type: 'email', maps: 'email', required: true, label: { en: 'Email', he: 'דוא"ל' } },
    { key: 'first', type: 'text', maps: 'first_name', label: { en: 'First name', he: 'שם פרטי' } },
    { key: 'agree', type: 'consent', consentChannel: 'email', required: true, label: { en: 'I agree to receive the newsletter by email.', he: 'אני מסכים/ה לקבל את הניוזלטר בדוא"ל.' } },
    { key: 'src', type: 'hidden', hiddenSource: 'utm_source' },
  ],
  groupIds,
});

async function createForm(settings: Record<string, unknown> = {}) {
  const r = await t.api('POST', '/api/v1/forms', { key: ws.key, body: { name: 'Event form', definition: definition([groupId]), settings: { powCost: 5, powMaxCounter: 40, ...settings } } });
  expect(r.status).toBe(201);
  return r.body.data as { id: number; publicId: string };
}

async function solvedPow(publicId: string) {
  const ch = (await (await fetch(`${t.url}/f/${publicId}/challenge`)).json()) as any;
  const solution = await solveChallenge({ challenge: ch, deriveKey });
  return Buffer.from(JSON.stringify({ challenge: ch, solution })).toString('base64');
}

const oldTs = (publicId: string) => signRenderTime(t.ctx.keys.signingKey, publicId, Date.now() - 5000);

async function post(publicId: string, fields: Record<string, string>, opts: { json?: boolean; lang?: string } = {}) {
  const headers: Record<string, string> = opts.json ? { 'content-type': 'application/json' } : { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (opts.lang) headers['accept-language'] = opts.lang;
  const res = await fetch(`${t.url}/f/${publicId}`, { method: 'POST', headers, body: opts.json ? JSON.stringify(fields) : new URLSearchParams(fields).toString() });
  return { status: res.status, body: (await res.json()) as any };
}

describe('forms', () => {
  it('refuses a definition without an email or phone field, naming the field', async () => {
    const r = await t.api('POST', '/api/v1/forms', { key: ws.key, body: { name: 'x', definition: { languages: ['en'], fields: [{ key: 'a', type: 'text' }] } } });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('definition.fields');
  });

  it('serves a hosted page in the visitor language with a honeypot and a signed timestamp', async () => {
    const f = await createForm();
    const res = await fetch(`${t.url}/f/${f.publicId}`, { headers: { 'accept-language': 'he-IL,he;q=0.9' } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('dir="rtl"');
    expect(html).toContain('הרשמה לאירוע');
    expect(html).toContain('name="website_url"');
    expect(html).toMatch(/name="_ts" value="r[0-9a-z]+\./);
  });

  it('accepts a urlencoded submission: contact created, group joined, consent evidence stored; a repeat answers the same', async () => {
    const f = await createForm();
    const body = { email: 'dana@example.com', first: 'Dana', agree: 'on', src: 'newsletter', _ts: oldTs(f.publicId), altcha: await solvedPow(f.publicId) };
    const r = await post(f.publicId, body);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('accepted');
    const c = await t.db.db.selectFrom('contacts').selectAll().where('workspace_id', '=', ws.id).where('email', '=', 'dana@example.com').executeTakeFirstOrThrow();
    expect(c.first_name).toBe('Dana');
    expect(c.email_status).toBe('subscribed');
    const member = await t.db.db.selectFrom('group_members').selectAll().where('contact_id', '=', c.id).where('group_id', '=', groupId).executeTakeFirst();
    expect(member).toBeTruthy();
    const ev = (await t.api('GET', `/api/v1/contacts/${c.id}/form-evidence`, { key: ws.key })).body.data;
    expect(ev[0]).toMatchObject({ formId: f.id, formVersion: 1, channel: 'email', wording: 'I agree to receive the newsletter by email.', ip: '127.0.0.1', doubleOptIn: false });
    const again = await post(f.publicId, { ...body, first: 'Someone else', altcha: await solvedPow(f.publicId) });
    expect(again).toEqual(r);
    const c2 = await t.db.db.selectFrom('contacts').select('first_name').where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(c2.first_name).toBe('Dana');
    const subs = (await t.api('GET', `/api/v1/forms/${f.id}/submissions?q=dana`, { key: ws.key })).body.data;
    expect(subs).toHaveLength(2);
    expect(subs[0].utm).toEqual({ utm_source: 'newsletter' });
    const csv = await fetch(`${t.url}/api/v1/forms/${f.id}/submissions/export?format=csv`, { headers: { authorization: `Bearer ${ws.key}` } });
    expect(await csv.text()).toContain('dana@example.com');
  });

  it('answers validation problems per field in the visitor language (JSON body)', async () => {
    const f = await createForm();
    const r = await post(f.publicId, { email: 'not-an-address', _ts: oldTs(f.publicId), altcha: await solvedPow(f.publicId) }, { json: true, lang: 'he' });
    expect(r.status).toBe(400);
    expect(r.body.problems).toEqual(expect.arrayContaining([{ field: 'email', code: 'invalid_email', message: 'יש להזין כתובת דוא"ל תקינה.' }, expect.objectContaining({ field: 'agree', code: 'consent_required' })]));
  });

  it('refuses bots: honeypot filled, under 3 seconds, no proof of work, a replayed solution; counts them as rejected', async () => {
    const f = await createForm();
    const good = { email: 'bot@example.com', agree: 'on' };
    expect((await post(f.publicId, { ...good, website_url: 'http://spam', _ts: oldTs(f.publicId), altcha: await solvedPow(f.publicId) })).body.code).toBe('spam');
    expect((await post(f.publicId, { ...good, _ts: signRenderTime(t.ctx.keys.signingKey, f.publicId), altcha: await solvedPow(f.publicId) })).body.code).toBe('too_fast');
    expect((await post(f.publicId, { ...good, _ts: oldTs(f.publicId) })).body.code).toBe('pow_missing');
    const pow = await solvedPow(f.publicId);
    expect((await post(f.publicId, { ...good, _ts: oldTs(f.publicId), altcha: pow })).body.status).toBe('accepted');
    expect((await post(f.publicId, { ...good, _ts: oldTs(f.publicId), altcha: pow })).body.code).toBe('pow_invalid');
    const stats = (await t.api('GET', `/api/v1/forms/${f.id}/stats`, { key: ws.key })).body.data;
    expect(stats.totals).toMatchObject({ rejected: 4, submissions: 1 });
    const bots = await t.db.db.selectFrom('form_submissions').select('id').where('form_id', '=', f.id).execute();
    expect(bots).toHaveLength(1);
  });

  it('double opt-in: nothing until the confirming POST; GET of the link confirms nothing; evidence has the confirming IP', async () => {
    const f = await createForm({ doubleOptIn: true });
    const r = await post(f.publicId, { email: 'doi@example.com', agree: 'on', _ts: oldTs(f.publicId), altcha: await solvedPow(f.publicId) });
    expect(r.status).toBe(202);
    expect(r.body.status).toBe('pending');
    const contact = () => t.db.db.selectFrom('contacts').select('id').where('workspace_id', '=', ws.id).where('email', '=', 'doi@example.com').executeTakeFirst();
    expect(await contact()).toBeUndefined();
    const mail = t.mails.find((m) => m.to === 'doi@example.com')!;
    const link = /(http:\/\/\S+\/f\/confirm\/\S+)/.exec(mail.text)![1];
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('method="post"');
    expect(await contact()).toBeUndefined();
    const ok = await fetch(link, { method: 'POST', headers: { accept: 'application/json' } });
    expect(((await ok.json()) as any).status).toBe('confirmed');
    const c = await contact();
    expect(c).toBeTruthy();
    const ev = (await t.api('GET', `/api/v1/contacts/${c!.id}/form-evidence`, { key: ws.key })).body.data[0];
    expect(ev).toMatchObject({ doubleOptIn: true, confirmIp: '127.0.0.1', ip: '127.0.0.1' });
    expect(ev.confirmedAt).not.toBeNull();
    expect((await (await fetch(link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), { method: 'POST', headers: { accept: "application/json" } })).json() as any).status).toBe('invalid');
  });

  it('shows the full text once the registration limit is reached, and the per-IP rate limit holds', async () => {
    const f = await createForm({ limit: 1, fullText: { en: 'Sorry, all 1 seats are taken.' } });
    const sub = async (email: string) => post(f.publicId, { email, agree: 'on', _ts: oldTs(f.publicId), altcha: await solvedPow(f.publicId) });
    expect((await sub('a1@example.com')).status).toBe(200);
    const full = await sub('a2@example.com');
    expect(full.status).toBe(409);
    expect(full.body.message).toBe('Sorry, all 1 seats are taken.');
    expect(await (await fetch(`${t.url}/f/${f.publicId}`)).text()).toContain('Sorry, all 1 seats are taken.');
    const g = await createForm({ perIpPerMinute: 2, pow: false });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(g.publicId, { email: `r${i}@example.com`, agree: 'on', _ts: oldTs(g.publicId) })).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('a deleted form is gone at once and comes back from the recycle bin', async () => {
    const f = await createForm();
    expect((await t.api('DELETE', `/api/v1/forms/${f.id}`, { key: ws.key })).status).toBe(204);
    expect((await fetch(`${t.url}/f/${f.publicId}`)).status).toBe(404);
    expect((await t.api('GET', '/api/v1/forms?deleted=true', { key: ws.key })).body.data.map((x: { id: number }) => x.id)).toContain(f.id);
    expect((await t.api('POST', `/api/v1/forms/${f.id}/restore`, { key: ws.key })).status).toBe(204);
    expect((await fetch(`${t.url}/f/${f.publicId}`)).status).toBe(200);
  });
});
