/** Runs a database-backed role until it is told to stop (SIGINT/SIGTERM) or, for one-shot roles, finishes. */
import type { Config } from '../config/config.js';
import { bootstrap, ensureDefaultWorkspace } from './bootstrap.js';
import { startApi, startWorker, type Stoppable } from './roles.js';
import { createRuntime } from './runtime.js';
import { systemMailStartupNotice } from '../domains/system-mail/index.js';

export async function runRole(role: string, args: string[], config: Config): Promise<number> {
  if (!['start', 'api', 'worker', 'migrate', 'import'].includes(role)) {
    console.error(`clarion: unknown role "${role}". Run "clarion help".`);
    return 2;
  }
  const rt = await createRuntime(config, role);
  const { ctx } = rt;
  if (role === 'migrate') {
    ctx.log.info('migrations are up to date');
    await rt.close();
    return 0;
  }
  if (role === 'import') {
    const { runImportCli } = await import('../domains/imports/import-cli.js');
    try {
      // A fresh data folder has no workspace yet: make the default one as `start` would (the first user and the
      // sample data stay for `start`, which prints the one-time password).
      await ensureDefaultWorkspace(ctx);
      return await runImportCli(ctx, args);
    } finally {
      await rt.close();
    }
  }

  const parts: Stoppable[] = [];
  if (role === 'start' || role === 'api') {
    const boot = await bootstrap(ctx);
    const app = await startApi(ctx);
    parts.push({ stop: () => app.close() });
    const url = config.publicUrl;
    const lines = [`Clarion is running at ${url} (database: ${ctx.dbKind}${ctx.dbKind === 'pglite' ? `, ${config.dataDir}` : ''})`];
    if (boot.oneTimePassword) lines.push(`Sign in as ${boot.adminEmail} with the one-time password ${boot.oneTimePassword} (you will be asked to change it).`);
    else if (boot.adminEmail) lines.push(`Sign in as ${boot.adminEmail}.`);
    lines.push(systemMailStartupNotice(ctx));
    if (!config.systemMail) ctx.log.warn('system mail is not configured; invitations and password resets are not emailed');
    console.log(lines.join('\n'));
  }
  if (role === 'start' || role === 'worker') {
    parts.push(startWorker(ctx));
    if (role === 'worker') console.log(`Clarion worker started (database: ${ctx.dbKind}).\n${systemMailStartupNotice(ctx)}`);
  }

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  ctx.log.info('shutting down');
  for (const p of parts.reverse()) await p.stop().catch(() => undefined);
  await rt.close();
  return 0;
}
