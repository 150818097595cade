/**
 * Test support: a private PostgreSQL server that a test starts, stops abruptly (`pg_ctl stop -m immediate`, the
 * way a crash or an OOM kill looks to clients) and starts again. initdb/pg_ctl from Debian's
 * /usr/lib/postgresql/<version>/bin, a temporary data folder, a port in 55100–55199; as root the server runs as
 * the `postgres` system user (initdb refuses root). `findPgBinaries()` answers null when this is impossible, so the
 * test can skip loudly.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PgCluster {
  port: number;
  /** postgres://… of the `postgres` database (admin). */
  adminUrl: string;
  /** Stops the server: 'immediate' = abrupt, no shutdown checkpoint, clients see their connections die. */
  stop(mode?: 'immediate' | 'fast'): void;
  start(): void;
  /** Stops the server and removes its data folder. */
  destroy(): void;
}

/** The bin folder of the newest installed PostgreSQL, or null (with the reason) when a cluster cannot be made. */
export function findPgBinaries(): { bin: string } | { bin: null; reason: string } {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return { bin: null, reason: `${root} does not exist (apt-get install postgresql)` };
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  if (!versions.length) return { bin: null, reason: `no initdb under ${root}` };
  const bin = path.join(root, versions[0], 'bin');
  if (process.getuid?.() === 0 && spawnSync('id', ['postgres']).status !== 0) return { bin: null, reason: 'running as root and there is no postgres user to run the server as' };
  return { bin };
}

/** Creates and starts a cluster. Throws when it cannot (callers check findPgBinaries() first). */
export function startPgCluster(bin: string): PgCluster {
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clarion-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'log');
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const run = (cmd: string, args: string[]) => {
    const file = path.join(bin, cmd);
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe' });
    else execFileSync(file, args, { stdio: 'pipe' });
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  let port = 0;
  const start = () => {
    run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`, 'start']);
  };
  for (let tries = 0; ; tries++) {
    port = 55100 + Math.floor(Math.random() * 100);
    try {
      start();
      break;
    } catch (err) {
      if (tries >= 5) throw new Error(`could not start PostgreSQL: ${(err as Error).message}\n${fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : ''}`);
    }
  }
  const stop = (mode: 'immediate' | 'fast' = 'immediate') => run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
  return {
    port,
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    destroy() {
      try {
        stop('immediate');
      } catch {
        /* already stopped */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
