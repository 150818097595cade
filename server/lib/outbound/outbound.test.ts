import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../config/config.js';
import {
  assertOutboundTarget,
  blockReason,
  createOutboundPolicy,
  outboundFetch,
  outboundLookup,
  parseIp,
  type OutboundPolicy,
  type Resolver,
} from './index.js';

const INTERNAL: Array<[string, string]> = [
  ['127.0.0.1', 'loopback'],
  ['127.255.0.9', 'loopback'],
  ['10.1.2.3', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.254', 'private'],
  ['192.168.1.1', 'private'],
  ['100.64.0.1', 'private'],
  ['100.127.255.255', 'private'],
  ['169.254.169.254', 'link_local'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['0.0.0.0', 'unspecified'],
  ['255.255.255.255', 'reserved'],
  ['::1', 'loopback'],
  ['::', 'unspecified'],
  ['fc00::1', 'private'],
  ['fd12:3456::1', 'private'],
  ['fe80::1', 'link_local'],
  ['fe80::1%eth0', 'link_local'],
  ['ff02::1', 'multicast'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:169.254.169.254', 'link_local'],
  ['::ffff:10.0.0.1', 'private'],
  ['64:ff9b::a00:1', 'private'],
  ['2002:7f00:1::1', 'loopback'],
  ['[::1]', 'loopback'],
];
const PUBLIC = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.128.0.1', '169.255.0.1', '2606:4700:4700::1111', '2a00:1450:4001::200e', '::ffff:8.8.8.8'];

/** A resolver that answers from a table, as an attacker's DNS server would. */
function tableResolver(table: Record<string, string[]>): Resolver {
  return async (host) => (table[host] ?? []).map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 }));
}

describe('address classification', () => {
  it.each(INTERNAL)('%s is %s', (addr, reason) => {
    expect(blockReason(parseIp(addr)!)).toBe(reason);
  });
  it.each(PUBLIC)('%s is public', (addr) => {
    expect(blockReason(parseIp(addr)!)).toBeNull();
  });
});

describe('assertOutboundTarget', () => {
  const policy = createOutboundPolicy({
    resolve: tableResolver({ 'public.example': ['93.184.216.34'], 'evil.example': ['10.0.0.5'], 'mixed.example': ['93.184.216.34', '127.0.0.1'], 'meta.example': ['169.254.169.254'] }),
  });

  it.each([
    ['http://127.0.0.1:8080/x', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'link_local'],
    ['http://10.0.0.1/', 'private'],
    ['https://evil.example/a.jpg', 'private'],
    ['https://mixed.example/', 'loopback'],
    ['https://meta.example/', 'link_local'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://2130706433/', 'loopback'], // decimal form of 127.0.0.1, normalised by the URL parser
    ['http://0x7f.1/', 'loopback'],
  ])('refuses %s (%s) with a 400 that says why', async (url, reason) => {
    const err = await assertOutboundTarget(policy, url, { field: 'mediaUrl' }).catch((e) => e);
    expect(err).toMatchObject({ status: 400, code: 'outbound_refused', field: 'mediaUrl', details: { reason } });
    expect(err.message).toContain('CLARION_OUTBOUND_ALLOW');
  });

  it('refuses other schemes, bad URLs and names that do not resolve', async () => {
    await expect(assertOutboundTarget(policy, 'file:///etc/passwd')).rejects.toMatchObject({ code: 'outbound_refused', details: { reason: 'scheme' } });
    await expect(assertOutboundTarget(policy, 'gopher://public.example/')).rejects.toMatchObject({ details: { reason: 'scheme' } });
    await expect(assertOutboundTarget(policy, 'not a url')).rejects.toMatchObject({ details: { reason: 'invalid_url' } });
    await expect(assertOutboundTarget(policy, 'https://nowhere.example/')).rejects.toMatchObject({ details: { reason: 'unresolvable' } });
  });

  it('accepts a public name and a public address', async () => {
    await expect(assertOutboundTarget(policy, 'https://public.example/a.jpg')).resolves.toBeInstanceOf(URL);
    await expect(assertOutboundTarget(policy, 'https://8.8.8.8/')).resolves.toBeInstanceOf(URL);
  });

  it('the allow-list admits named hosts, wildcard sub-domains and CIDR ranges, nothing else', async () => {
    const p = createOutboundPolicy({
      allow: 'evil.example, *.corp.example 127.0.0.0/8,fd00::/8',
      resolve: tableResolver({ 'evil.example': ['10.0.0.5'], 'db.corp.example': ['10.9.9.9'], 'other.example': ['10.0.0.6'] }),
    });
    await expect(assertOutboundTarget(p, 'http://evil.example/')).resolves.toBeDefined();
    await expect(assertOutboundTarget(p, 'http://db.corp.example/')).resolves.toBeDefined();
    await expect(assertOutboundTarget(p, 'http://127.0.0.2:9/')).resolves.toBeDefined();
    await expect(assertOutboundTarget(p, 'http://[fd00::5]/')).resolves.toBeDefined();
    await expect(assertOutboundTarget(p, 'http://other.example/')).rejects.toMatchObject({ details: { reason: 'private' } });
    await expect(assertOutboundTarget(p, 'http://169.254.169.254/')).rejects.toMatchObject({ details: { reason: 'link_local' } });
    await expect(assertOutboundTarget(p, 'http://[::1]/')).rejects.toMatchObject({ details: { reason: 'loopback' } });
  });

  it('CLARION_OUTBOUND_ALLOW is off by default and a bad entry stops start-up naming the variable', () => {
    expect(loadConfig({}).outboundAllow).toEqual([]);
    expect(loadConfig({ CLARION_OUTBOUND_ALLOW: 'sim.internal, 10.0.0.0/8' }).outboundAllow).toEqual(['sim.internal', '10.0.0.0/8']);
    expect(() => loadConfig({ CLARION_OUTBOUND_ALLOW: '10.0.0.0/99' })).toThrow(ConfigError);
    expect(() => loadConfig({ CLARION_OUTBOUND_ALLOW: 'http://x/' })).toThrow(/CLARION_OUTBOUND_ALLOW/);
  });
});

describe('outboundFetch over real HTTP', () => {
  let server: http.Server;
  let port = 0;
  let hits: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      const u = new URL(req.url ?? '/', 'http://x');
      if (u.pathname === '/ok') return res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
      if (u.pathname === '/big') return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.alloc(100_000, 1));
      if (u.pathname === '/to') return res.writeHead(302, { location: u.searchParams.get('u')! }).end();
      if (u.pathname === '/loop') return res.writeHead(301, { location: '/loop' }).end();
      if (u.pathname === '/post303') return res.writeHead(303, { location: '/echo' }).end();
      if (u.pathname === '/echo') return res.writeHead(200).end(`${req.method} ${req.headers.authorization ?? '-'}`);
      if (u.pathname === '/hang') return; // never answers
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const allowLoopback = () => createOutboundPolicy({ allow: '127.0.0.1' });

  it('refuses a loopback target without contacting it', async () => {
    hits = [];
    await expect(outboundFetch(createOutboundPolicy(), `http://127.0.0.1:${port}/ok`)).rejects.toMatchObject({ status: 400, code: 'outbound_refused' });
    await expect(outboundFetch(createOutboundPolicy(), `http://localhost:${port}/ok`)).rejects.toMatchObject({ code: 'outbound_refused', details: { reason: 'loopback' } });
    expect(hits).toEqual([]);
  });

  it('fetches an allow-listed target', async () => {
    const res = await outboundFetch(allowLoopback(), `http://127.0.0.1:${port}/ok`);
    expect(res.status).toBe(200);
    expect(res.text()).toBe('hello');
    expect(res.headers['content-type']).toBe('text/plain');
  });

  it('checks every redirect: a hop to the metadata service or another loopback address is refused', async () => {
    hits = [];
    const p = allowLoopback();
    await expect(outboundFetch(p, `http://127.0.0.1:${port}/to?u=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}`)).rejects.toMatchObject({ details: { reason: 'link_local' } });
    await expect(outboundFetch(p, `http://127.0.0.1:${port}/to?u=${encodeURIComponent(`http://[::ffff:127.0.0.2]:${port}/ok`)}`)).rejects.toMatchObject({ details: { reason: 'loopback' } });
    expect(hits.every((h) => h.startsWith('/to'))).toBe(true);
    const ok = await outboundFetch(p, `http://127.0.0.1:${port}/to?u=/ok`);
    expect(ok.text()).toBe('hello');
    const manual = await outboundFetch(p, `http://127.0.0.1:${port}/to?u=/ok`, { followRedirects: false });
    expect(manual.status).toBe(302);
  });

  it('caps redirects, switches 303 to GET and drops credentials across origins', async () => {
    const p = allowLoopback();
    await expect(outboundFetch(p, `http://127.0.0.1:${port}/loop`)).rejects.toMatchObject({ status: 502, code: 'outbound_failed', details: { reason: 'redirect_limit' } });
    const r = await outboundFetch(p, `http://127.0.0.1:${port}/post303`, { method: 'POST', body: 'x', headers: { authorization: 'Bearer t' } });
    expect(r.text()).toBe('GET Bearer t');
    const p2 = createOutboundPolicy({ allow: '127.0.0.1, localhost' });
    const cross = await outboundFetch(p2, `http://127.0.0.1:${port}/to?u=${encodeURIComponent(`http://localhost:${port}/echo`)}`, { headers: { authorization: 'Bearer t' } });
    expect(cross.text()).toBe('GET -');
  });

  it('caps the size read (error, or truncation when asked) and the time taken', async () => {
    const p = allowLoopback();
    await expect(outboundFetch(p, `http://127.0.0.1:${port}/big`, { maxBytes: 1000 })).rejects.toMatchObject({ status: 502, details: { reason: 'too_large' } });
    const t = await outboundFetch(p, `http://127.0.0.1:${port}/big`, { maxBytes: 1000, truncate: true });
    expect(t.truncated).toBe(true);
    expect(t.body.length).toBe(1000);
    await expect(outboundFetch(p, `http://127.0.0.1:${port}/hang`, { timeoutMs: 300 })).rejects.toMatchObject({ details: { reason: 'timeout' } });
  });

  it('checks again at connect time: a name that re-resolves to loopback (DNS rebinding) is refused', async () => {
    hits = [];
    let calls = 0;
    const rebinding: Resolver = async () => [{ address: calls++ === 0 ? '93.184.216.34' : '127.0.0.1', family: 4 }];
    const p: OutboundPolicy = createOutboundPolicy({ resolve: rebinding });
    await expect(outboundFetch(p, `http://rebind.example:${port}/ok`)).rejects.toMatchObject({ code: 'outbound_refused', details: { reason: 'loopback' } });
    expect(calls).toBe(2);
    expect(hits).toEqual([]);
  });

  it('outboundLookup guards net.connect (SMTP-style sockets)', async () => {
    const p = createOutboundPolicy({ resolve: tableResolver({ 'smtp.evil.example': ['127.0.0.1'] }) });
    const err = await new Promise<Error>((resolve, reject) => {
      const s = net.connect({ host: 'smtp.evil.example', port, lookup: outboundLookup(p) }, () => {
        s.destroy();
        reject(new Error('connected'));
      });
      s.once('error', resolve);
    });
    expect(err).toMatchObject({ code: 'outbound_refused', details: { reason: 'loopback' } });
    const allowed = createOutboundPolicy({ allow: 'smtp.evil.example', resolve: tableResolver({ 'smtp.evil.example': ['127.0.0.1'] }) });
    await new Promise<void>((resolve, reject) => {
      const s = net.connect({ host: 'smtp.evil.example', port, lookup: outboundLookup(allowed) }, () => {
        s.destroy();
        resolve();
      });
      s.once('error', reject);
    });
  });
});
