/**
 * Browser-test harness: builds the web app when web/dist is missing or older than its sources, starts
 * a real Clarion (`./clarion start`) on a free port with a fresh data folder, launches Debian's
 * Chromium through playwright-core, and tears everything down. Nothing is mocked.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = path.join(ROOT, 'test-results/screenshots');
export const ADMIN = { email: 'admin@e2e.test', password: 'e2e-Secret-pass-1' };

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const e of fs.readdirSync(p)) t = Math.max(t, newestMtime(path.join(p, e)));
  return t;
}

/** Runs `npm run build:web` unless web/dist is newer than web/src, web/index.html, common/ and the Vite config. */
export function ensureWebBuilt() {
  const dist = path.join(ROOT, 'web/dist/index.html');
  const inputs = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/public', 'common'].map((p) => path.join(ROOT, p)).filter((p) => fs.existsSync(p));
  const newest = Math.max(...inputs.map(newestMtime));
  if (fs.existsSync(dist) && fs.statSync(dist).mtimeMs >= newest) return;
  const r = spawnSync('npm', ['run', 'build:web'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build:web failed:\n${r.stdout}\n${r.stderr}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Polls until `fn` returns a truthy value or the deadline passes. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 120_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export interface Clarion {
  url: string;
  dataDir: string;
  proc: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `./clarion start` with a temporary data folder and the e2e admin; resolves once /healthz is ok. */
export async function startClarion(): Promise<Clarion> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clarion-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let out = '';
  const proc = spawn(path.join(ROOT, 'clarion'), ['start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      CLARION_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      CLARION_PUBLIC_URL: url,
      CLARION_ADMIN_EMAIL: ADMIN.email,
      CLARION_ADMIN_PASSWORD: ADMIN.password,
      CLARION_SAMPLE_DATA: 'false',
      CLARION_RATE_LIMIT: '100000',
      // The simulator and the SMTP sink listen on loopback, which the outbound policy refuses unless allow-listed.
      CLARION_OUTBOUND_ALLOW: '127.0.0.1,::1,localhost',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  let dead = false;
  void exited.then(() => (dead = true));
  await waitFor(
    'Clarion /healthz',
    async () => {
      if (dead) throw new Error(`clarion exited early:\n${out}`);
      const r = await fetch(`${url}/healthz`);
      return r.ok;
    },
    180_000,
  ).catch((err) => {
    proc.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n--- clarion output ---\n${out}`);
  });
  return {
    url,
    dataDir,
    proc,
    output: () => out,
    stop: async () => {
      if (!dead) {
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(t);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM = process.env.CLARION_CHROMIUM ?? '/usr/bin/chromium';

/** Launches headless Chromium with flags that keep it off the network and quiet. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** A fresh browser context (own cookies and storage) on the Clarion URL, with generous timeouts. */
export async function newPage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 860 }, locale: 'en-GB' });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  const page = await context.newPage();
  return { context, page };
}

/** Saves a full-page screenshot to test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs in through the login form and waits for the contacts screen. */
export async function signIn(page: Page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel(/^Password/).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/contacts', { timeout: 60_000 });
}

/** The messy-contacts fixture (the repo copy, or the shared one). */
export function messyCsvPath(): string {
  const candidates = [path.join(ROOT, 'server/test/fixtures/contacts/messy-contacts.csv'), '/work/shared/fixtures/contacts/messy-contacts.csv'];
  const p = candidates.find((c) => fs.existsSync(c));
  if (!p) throw new Error('messy-contacts.csv fixture not found');
  return p;
}
