import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirInUseError } from './data-dir-lock.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('the embedded database folder is single-process', () => {
  it('a second holder is refused with a message naming the running process', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clarion-lock-'));
    const lock = acquireDataDirLock(dir, { role: 'start', port: 8123 });
    try {
      // The same pid would be treated as ours; fake another live process (pid 1 always exists).
      fs.writeFileSync(path.join(dir, 'clarion.lock'), JSON.stringify({ pid: 1, role: 'start', port: 8123 }));
      expect(() => acquireDataDirLock(dir, { role: 'import' })).toThrow(DataDirInUseError);
      expect(() => acquireDataDirLock(dir, { role: 'import' })).toThrow(/in use by another Clarion process \(pid 1, serving http:\/\/localhost:8123/);
    } finally {
      lock.release();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes over a stale lock left by a crashed process', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clarion-lock-'));
    fs.writeFileSync(path.join(dir, 'clarion.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, role: 'start' }));
    const lock = acquireDataDirLock(dir, { role: 'start' });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'clarion.lock'), 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(path.join(dir, 'clarion.lock'))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the launcher prints the reason and exits non-zero instead of failing obscurely', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clarion-lock-'));
    fs.writeFileSync(path.join(dir, 'clarion.lock'), JSON.stringify({ pid: 1, role: 'start', port: 8124 }));
    const r = spawnSync(path.join(root, 'clarion'), ['migrate'], {
      env: { ...process.env, CLARION_DATA_DIR: dir, DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/data folder .* is in use by another Clarion process \(pid 1/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a bad setting stops the launcher with one line naming the variable', () => {
    const r = spawnSync(path.join(root, 'clarion'), ['start'], { env: { ...process.env, PORT: 'eighty' }, encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('clarion: configuration error: PORT must be an integer between 1 and 65535 (got "eighty")');
  });
});
