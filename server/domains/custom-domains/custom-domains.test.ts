import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dns2 from 'dns2';
import http from 'node:http';
import { startTestApp, type TestApp } from '../../test/app.js';
import { resolverFor, useDnsResolver } from './index.js';

const { Packet } = dns2;
let t: TestApp;
let server: ReturnType<typeof dns2.createServer>;
/** The zone the loopback DNS server answers from (tests change it). */
const zone: { cname: Record<string, string>; txt: Record<string, string> } = { cname: {}, txt: {} };

beforeAll(async () => {
  t = await startTestApp();
  server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [q] = request.questions;
      if (q.type === Packet.TYPE.CNAME && zone.cname[q.name]) response.answers.push({ name: q.name, type: Packet.TYPE.CNAME, class: Packet.CLASS.IN, ttl: 1, domain: zone.cname[q.name] } as never);
      else if (q.type === Packet.TYPE.TXT && zone.txt[q.name]) response.answers.push({ name: q.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 1, data: zone.txt[q.name] } as never);
      else response.header.rcode = 3;
      send(response);
    },
  });
  await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  const port = (server.addresses() as { udp: { port: number } }).udp.port;
  useDnsResolver(resolverFor([`127.0.0.1:${port}`]));
});
afterAll(async () => {
  await server.close();
  await t.close();
});

describe('custom domains', () => {
  it('verifies CNAME + TXT, then serves only that workspace on the host; unknown hosts get a plain 404; the TLS ask fails closed', async () => {
    const a = await t.workspace();
    const b = await t.workspace();
    const page = (await t.api('POST', '/api/v1/pages', { key: a.key, body: { name: 'Home', slug: 'home', templateId: 'newsletter' } })).body.data;
    await t.api('POST', `/api/v1/pages/${page.id}/publish`, { key: a.key });
    await t.api('POST', `/api/v1/pages/${(await t.api('POST', '/api/v1/pages', { key: b.key, body: { name: 'B', slug: 'bpage', templateId: 'coupon' } })).body.data.id}/publish`, { key: b.key });
    const added = await t.api('POST', '/api/v1/custom-domains', { key: a.key, body: { host: 'Pages.Shop.example' } });
    expect(added.status).toBe(201);
    const d = added.body.data;
    expect(d.records).toEqual([{ type: 'CNAME', name: 'pages.shop.example', value: '127.0.0.1' }, { type: 'TXT', name: '_clarion-verify.pages.shop.example', value: d.records[1].value }]);
    expect((await t.api('POST', '/api/v1/custom-domains', { key: b.key, body: { host: 'pages.shop.example' } })).status).toBe(409);

    // fetch() does not let a caller set Host; node:http does.
    const get = (host: string, path = '/') =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const u = new URL(t.url);
        http.get({ hostname: u.hostname, port: u.port, path, headers: { host } }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        }).on('error', reject);
      });
    expect((await get('pages.shop.example')).status).toBe(404);
    expect((await fetch(`${t.url}/tls/ask?domain=pages.shop.example`)).status).toBe(403);

    zone.cname['pages.shop.example'] = '127.0.0.1';
    let checked = (await t.api('POST', `/api/v1/custom-domains/${d.id}/check`, { key: a.key })).body.data;
    expect(checked).toMatchObject({ cnameOk: true, txtOk: false, verified: false });
    zone.txt['_clarion-verify.pages.shop.example'] = d.records[1].value;
    checked = (await t.api('POST', `/api/v1/custom-domains/${d.id}/check`, { key: a.key })).body.data;
    expect(checked).toMatchObject({ cnameOk: true, txtOk: true, verified: true });

    const home = await get('pages.shop.example');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Our newsletter');
    expect((await get('pages.shop.example', '/bpage')).status).toBe(404);
    expect((await get('pages.shop.example', '/api/v1/groups')).status).toBe(404);
    expect(await get('unknown.example', '/p/x/home')).toEqual({ status: 404, text: 'Not found' });
    expect((await fetch(`${t.url}/tls/ask?domain=pages.shop.example`)).status).toBe(200);
    expect((await fetch(`${t.url}/tls/ask?domain=unknown.example`)).status).toBe(403);

    // The records are removed: the re-check unverifies the host and it stops being served.
    delete zone.txt['_clarion-verify.pages.shop.example'];
    await t.api('POST', `/api/v1/custom-domains/${d.id}/check`, { key: a.key });
    expect((await get('pages.shop.example')).status).toBe(404);
  });

  it('editors cannot manage custom domains', async () => {
    const w = await t.workspace(undefined, 'editor');
    expect((await t.api('POST', '/api/v1/custom-domains', { key: w.key, body: { host: 'x.example.com' } })).status).toBe(403);
  });
});
