/**
 * PGlite is single-process: only one process may open a data folder. The lock file records who holds
 * it so a second process can say exactly what is going on instead of corrupting the database.
 */
import fs from 'node:fs';
import path from 'node:path';

export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string, readonly holder: Record<string, unknown>) {
    const port = holder.port ? `, serving http://localhost:${holder.port}` : '';
    super(
      `The data folder ${dataDir} is in use by another Clarion process (pid ${holder.pid}${port}, role ${holder.role ?? '?'}). ` +
        'The embedded database allows one process at a time: stop that process first, use its web app or API, ' +
        'or set DATABASE_URL=postgres://… so several processes can share a PostgreSQL server.',
    );
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  release(): void;
  update(info: Record<string, unknown>): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(dataDir: string, info: Record<string, unknown>): DataDirLock {
  const file = path.join(dataDir, 'clarion.lock');
  const write = (extra: Record<string, unknown>, flag: 'wx' | 'w') =>
    fs.writeFileSync(file, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), ...info, ...extra }), { flag });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      write({}, 'wx');
      let current = { ...info };
      return {
        release: () => {
          try {
            const holder = JSON.parse(fs.readFileSync(file, 'utf8'));
            if (holder.pid === process.pid) fs.unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
        update: (extra) => {
          current = { ...current, ...extra };
          write(current, 'w');
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: Record<string, unknown> = {};
      try {
        holder = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        /* unreadable: treat as stale */
      }
      if (typeof holder.pid === 'number' && holder.pid !== process.pid && alive(holder.pid)) {
        throw new DataDirInUseError(dataDir, holder);
      }
      fs.rmSync(file, { force: true }); // stale lock from a crashed process
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}`);
}
