/**
 * Issue 10 §5 upload hardening over real HTTP: binary data posted as CSV → 400; an XLSX zip bomb (sheet XML
 * inflating past the limit) → 413 without inflating it; more than 1,000 columns → 400; a path in the file name
 * is reduced to its base name. A good file still imports after each refusal (nothing else is affected).
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../app.js';

let t: TestApp;
let ws: { id: number; key: string };
beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
});
afterAll(async () => {
  await t?.close();
});

async function upload(name: string, body: Buffer) {
  const res = await fetch(`${t.url}/api/v1/imports?fileName=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ws.key}`, 'content-type': 'application/octet-stream' },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** A one-entry zip (stored as deflate) of `name` holding `data`, with correct sizes and CRC. */
function zipOf(name: string, data: Buffer): Buffer {
  const comp = deflateRawSync(data, { level: 9 });
  const n = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14); local.writeUInt32LE(comp.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16); central.writeUInt32LE(comp.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(n.length, 28);
  const cdOffset = local.length + n.length + comp.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0); eocd.writeUInt16LE(1, 8); eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(central.length + n.length, 12); eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, n, comp, central, n, eocd]);
}

describe('upload hardening', () => {
  it('binary garbage posted as CSV is a 400 on the file field', async () => {
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 256;
    const r = await upload('contacts.csv', garbage);
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('file');
  });
  it('an XLSX whose sheet inflates past the limit is a 413', async () => {
    const bomb = zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(60 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const r = await upload('bomb.xlsx', bomb);
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
  });
  it('a file with more than 1,000 columns is refused with a 400', async () => {
    const header = Array.from({ length: 1500 }, (_, i) => `c${i}`).join(',');
    const r = await upload('wide.csv', Buffer.from(`${header}\n${'x,'.repeat(1499)}x\n`));
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('file');
    expect(r.body.error.message).toContain('1000');
  });
  it('a file name with a path is reduced to its base name, and a good file still imports', async () => {
    const r = await upload('../../etc/C:\\Users\\x\\contacts.csv', Buffer.from('email,name\na@example.com,A\n'));
    expect(r.status).toBe(201);
    expect(r.body.data.fileName).toBe('contacts.csv');
  });
});
